"""`python -m sli_cli` runs the same program as the `sli` console script."""

from sli_cli.cli.main import main

if __name__ == "__main__":
    main()
