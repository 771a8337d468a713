"""python -m ladder.verify.contract --base-url URL --model model.json --username U --password P [--no-html]"""

import sys

from ladder.verify.contract.cli import main

sys.exit(main())
