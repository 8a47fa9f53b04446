"""Shipped model files; installed as the ``lawthemes.models`` package data."""
