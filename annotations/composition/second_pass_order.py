"""Put the composed documents in a random order, once, for choosing the second annotation pass.

    python annotations/composition/second_pass_order.py > annotations/composition/second-pass-order.txt

The second pass takes whole documents from the top of this list until they hold at least the
share of composed units that ``policy.json`` asks for.  The order is drawn before anyone has
labelled anything, so which documents get a second reading does not depend on their labels.
"""

import csv
import random
import sys
from pathlib import Path

SPECS = Path(__file__).with_name("specs.csv")
SEED = 20261202

with SPECS.open(encoding="utf-8") as handle:
    docs = [row["doc"] for row in csv.DictReader(handle)]
random.Random(SEED).shuffle(docs)
sys.stdout.write("".join(doc + "\n" for doc in docs))
