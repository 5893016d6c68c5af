from model.cli import entry

entry()
