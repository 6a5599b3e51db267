"""The command-line layer: parses options, calls the library, prints results."""
