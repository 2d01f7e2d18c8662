from siting.cli.main import run

run()
