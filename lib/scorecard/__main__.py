from scorecard.cli import entry

entry()
