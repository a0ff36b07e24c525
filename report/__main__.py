"""`python -m report` runs the command line."""

from report.cli import main

main()
