# The two commands: `make run` serves Odoo 11 with merchandising and demo
# data on http://127.0.0.1:8069; `make test` runs the test suite on a fresh
# database. Both install whatever is missing first (tools/dev.sh).
.PHONY: run test coexist lint bench stop clean setup pot

run:
	@bash tools/dev.sh run

test:
	@bash tools/dev.sh test

# Odoo's own tests of sale, sale_management, sale_stock, sale_order_dates,
# stock and delivery, with and without merchandising (README, Quality checks).
coexist:
	@bash tools/dev.sh coexist

# pylint-odoo and OCA's XML/CSV/PO checks (also the first step of make test).
lint:
	@bash tools/dev.sh lint

# Benchmarks (bench/README.md), on their own database:
#   make bench ARGS="chase --sizes 10000,100000 --runs 3"
# Without ARGS, every scenario with its defaults.
bench:
	@bash tools/dev.sh bench $(ARGS)

stop:
	@bash tools/dev.sh stop

clean:
	@bash tools/dev.sh clean

setup:
	@bash tools/dev.sh setup

# Re-export merchandising/i18n/merchandising.pot (after make test).
pot:
	@bash tools/dev.sh pot
