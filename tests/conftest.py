import sys
from pathlib import Path

# tests/micro.py is a helper module shared by the tests
sys.path.insert(0, str(Path(__file__).parent))
