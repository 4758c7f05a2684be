"""`python -m ecc_atlas` runs the command line."""

from ecc_atlas.cli import main

main()
