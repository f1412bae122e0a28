# The two commands: `make run` serves Odoo 18.0 with merchandising and demo
# data on http://127.0.0.1:8069/odoo; `make test` runs the test suite on fresh
# databases. Both install whatever is missing first (tools/dev.sh). `make
# coexist` runs Odoo's own tests of the modules the addon extends, with and
# without it, and fails on any test failing only with it (tools/coexist.py).
.PHONY: run test lint coexist bench stop clean setup

run:
	@bash tools/dev.sh run

test:
	@bash tools/dev.sh test $(ARGS)

setup:
	@bash tools/dev.sh setup

# Benchmarks on databases of their own, then one table of the targets
# (bench/README.md). One scenario: make bench ARGS="chase --sizes 10000,100000"
bench:
	@bash tools/dev.sh bench $(ARGS)

stop:
	@bash tools/dev.sh stop

clean:
	@bash tools/dev.sh clean

lint:
	@bash tools/dev.sh lint

# Odoo's own tests of sale, stock, delivery, purchase_stock and portal, with and
# without merchandising (README, Quality checks).
coexist:
	@bash tools/dev.sh coexist

# Re-export the translation template and merge it into zh_CN.po (after make test).
pot:
	@bash tools/dev.sh pot
