from lawthemes import THEMES, Theme

EXPECTED = ["leadership", "government_functions", "business_environment", "rulemaking",
            "decision_making", "law_enforcement", "emergency_response", "dispute_resolution",
            "oversight", "digital_government", "legal_education"]


def test_theme_ids_and_order_are_the_public_taxonomy():
    assert list(THEMES) == EXPECTED


def test_every_theme_has_names_and_scope():
    for theme_id, theme in THEMES.items():
        assert isinstance(theme, Theme) and theme.id == theme_id
        assert theme.name_zh and theme.name_en and theme.description


def test_themes_mapping_is_read_only():
    import pytest

    with pytest.raises(TypeError):
        THEMES["new"] = THEMES["leadership"]
