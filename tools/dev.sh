#!/usr/bin/env bash
# One script behind `make run`, `make test`, `make coexist`, `make bench`, `make stop` and `make clean`.
#
# Everything it creates lives in the project folder and is git-ignored:
#   .local/venv      Python 3.7 virtual environment with Odoo 11 (requirements.txt)
#   .local/lint-venv Python 3.11 environment with pylint-odoo (requirements-lint.txt)
#   node_modules/    lessc for Odoo's LESS assets (package.json / package-lock.json)
#   .local/pg/       a private PostgreSQL 15 cluster (data, unix socket, log)
#   .local/odoo.conf the generated Odoo configuration (odoo-test.conf, odoo-bench.conf)
#   .local/data/     Odoo's data dir (filestore, sessions); .local/log/ logs
#
# Each step checks whether it is already done, so a second run only starts
# what is not running.  See README.md for the environment variables.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$LOCAL/venv"
ODOO_BIN="$ROOT/tools/odoo-bin"
CONF="$LOCAL/odoo.conf"
TEST_CONF="$LOCAL/odoo-test.conf"
BENCH_CONF="$LOCAL/odoo-bench.conf"

# Settings a user may override from the environment.
MERCH_HTTP_PORT="${MERCH_HTTP_PORT:-8069}"
MERCH_DB="${MERCH_DB:-merchandising}"
MERCH_TEST_DB="${MERCH_TEST_DB:-merchandising_test}"
MERCH_BENCH_DB="${MERCH_BENCH_DB:-merchandising_bench}"
# Point at an existing PostgreSQL by setting MERCH_DB_HOST (host name or
# socket folder); the project-local cluster is then neither created nor started.
MERCH_DB_HOST="${MERCH_DB_HOST:-}"
MERCH_DB_PORT="${MERCH_DB_PORT:-54329}"
MERCH_DB_USER="${MERCH_DB_USER:-odoo}"
MERCH_DB_PASSWORD="${MERCH_DB_PASSWORD:-}"

# The cluster lives in .local/pg, or where that link points (see ensure_local_pg).
set_pg_paths() {
    PG_DIR="$LOCAL/pg"
    [ -L "$PG_DIR" ] && PG_DIR="$(readlink -f "$PG_DIR")"
    PG_DATA="$PG_DIR/data"
    PG_SOCK="$PG_DIR/socket"
    PG_LOG="$PG_DIR/postgresql.log"
}
set_pg_paths

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

use_local_pg() { [ -z "$MERCH_DB_HOST" ]; }
db_host() { if use_local_pg; then echo "$PG_SOCK"; else echo "$MERCH_DB_HOST"; fi; }

# --- Python and Odoo ------------------------------------------------------

find_python37() {
    local candidates=()
    if command -v pyenv >/dev/null 2>&1; then
        local root; root="$(pyenv root)"
        for v in "$root"/versions/3.7*; do candidates+=("$v/bin/python"); done
    fi
    candidates+=("$(command -v python3.7 || true)")
    for py in "${candidates[@]}"; do
        if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    die "Python 3.7 not found (Odoo 11 needs it): install it with pyenv or put python3.7 on PATH"
}

# A virtual environment at $1 made with the Python "$2" prints, holding the
# pinned requirements file $3 (installed with --no-deps: every package,
# transitive ones included, is pinned there), checked by importing $4;
# installed again only when the file changed.
install_venv() {
    local venv="$1" python_cmd="$2" requirements="$3" modules="$4"
    local stamp="$venv/.requirements.sha"
    local want; want="$(sha1sum "$requirements" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    log "Installing $(basename "$requirements") into ${venv#"$ROOT"/}"
    mkdir -p "$LOCAL"
    [ -x "$venv/bin/python" ] || "$($python_cmd)" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
        -r "$requirements" 2>&1 | grep -v 'is ignored' || true
    "$venv/bin/python" -c "import $modules" \
        || die "the environment ${venv#"$ROOT"/} is incomplete (see pip's output above)"
    echo "$want" > "$stamp"
}

# Odoo 11 and its dependencies (requirements.txt; see the comment at its top).
ensure_venv() { install_venv "$VENV" find_python37 "$ROOT/requirements.txt" 'odoo, psycopg2, pytest_odoo'; }

# The static checks run on a modern Python of their own (pylint-odoo needs
# pylint 4, which does not run on Odoo's 3.7): .local/lint-venv, from
# requirements-lint.txt, every package pinned and installed with --no-deps.
LINT_VENV="$LOCAL/lint-venv"

find_python3_lint() {
    local py
    for py in python3.11 python3.12 python3.13 python3.10 python3; do
        py="$(command -v "$py" || true)"
        if [ -n "$py" ] && "$py" -c 'import sys; assert sys.version_info[:2] >= (3, 10)' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    die "Python 3.10 or later not found (pylint-odoo needs it): install python3"
}

ensure_lint_venv() {
    install_venv "$LINT_VENV" find_python3_lint "$ROOT/requirements-lint.txt" 'pylint_odoo, oca_pre_commit_hooks'
}

ensure_lessc() {
    local stamp="$ROOT/node_modules/.package-lock.sha"
    local want; want="$(sha1sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
    if [ -x "$ROOT/node_modules/.bin/lessc" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js (needed for lessc)"
    log "Installing lessc into node_modules"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$stamp"
}

# --- Debian packages ---------------------------------------------------------

# apt_install "what for" PACKAGE...: install Debian packages when running as
# root with apt; otherwise do nothing (the caller says what is missing).
apt_install() {
    local why="$1"; shift
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
    log "Installing $* (Debian packages) $why"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- PDF ------------------------------------------------------------------------

# wkhtmltopdf prints the export documents; Noto CJK renders their Chinese;
# poppler's pdftotext lets the tests read them. Debian packages, installed
# when missing and root (else the PDFs fall back to HTML and the tests say so).
ensure_pdf_tools() {
    command -v wkhtmltopdf >/dev/null && command -v pdftotext >/dev/null \
        && fc-list 2>/dev/null | grep 'Noto Sans CJK' >/dev/null && return 0
    apt_install "for the PDF documents" wkhtmltopdf poppler-utils fonts-noto-cjk fontconfig
    command -v wkhtmltopdf >/dev/null \
        || log "wkhtmltopdf not found: documents print as HTML (install wkhtmltopdf, poppler-utils, fonts-noto-cjk)"
}

# --- Browser ---------------------------------------------------------------------

# The browser tests (tests/test_e2e_*.py) drive Debian's headless Chromium
# through chromedriver; installed when missing and root. Without them those
# tests fail (never skip), saying so.
ensure_browser() {
    command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
    apt_install "for the browser tests" chromium chromium-driver fonts-noto-cjk
    command -v chromedriver >/dev/null \
        || log "chromedriver not found: the browser tests will fail (install chromium and chromium-driver)"
}

# --- PostgreSQL -------------------------------------------------------------

pg_bindir() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return 0
    fi
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

ensure_pg_server_installed() {
    pg_bindir >/dev/null && return 0
    apt_install "for the local database" postgresql-15
    pg_bindir >/dev/null || die "PostgreSQL server programs not found: install postgresql-15, or set MERCH_DB_HOST to use an existing server"
}

# The server refuses to run as root: as root, the cluster belongs to the
# `postgres` OS user; as a normal user, to that user.
as_pg_owner() {
    # From /: the project folder may be closed to the postgres user.
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_running() {
    [ -f "$PG_DATA/postmaster.pid" ] && as_pg_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

ensure_local_pg() {
    use_local_pg || return 0
    ensure_pg_server_installed
    local bin; bin="$(pg_bindir)"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "Creating a PostgreSQL cluster in .local/pg (port $MERCH_DB_PORT)"
        mkdir -p "$LOCAL"
        if [ "$(id -u)" = 0 ] && [ ! -e "$LOCAL/pg" ] && ! runuser -u postgres -- test -x "$LOCAL"; then
            # The postgres user cannot enter the project (a clone in /root, say):
            # keep the cluster in a folder of its own, linked from .local/pg.
            local outside; outside="/var/tmp/merchandising-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
            mkdir -p "$outside" && ln -s "$outside" "$LOCAL/pg"
            set_pg_paths
        fi
        mkdir -p "$PG_DATA" "$PG_SOCK"
        if [ "$(id -u)" = 0 ]; then
            chown -R postgres: "$PG_DIR"
            runuser -u postgres -- test -w "$PG_DATA" \
                || die "user postgres cannot write to $PG_DATA: set MERCH_DB_HOST to use another server"
        fi
        as_pg_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        {
            echo "listen_addresses = ''"
            echo "port = $MERCH_DB_PORT"
            echo "unix_socket_directories = '$PG_SOCK'"
            echo "fsync = off"                 # a development cluster: speed over durability
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        } | as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
    fi
    if ! pg_running; then
        log "Starting PostgreSQL (.local/pg)"
        as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start: see $PG_LOG"
    fi
    # An Odoo role that is not `postgres` (Odoo 11 refuses that one).
    local psql=("$bin/psql" -h "$PG_SOCK" -p "$MERCH_DB_PORT" -U postgres -d postgres -qtAX)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$MERCH_DB_USER'")" != 1 ]; then
        "${psql[@]}" -c "CREATE ROLE \"$MERCH_DB_USER\" LOGIN CREATEDB" >/dev/null
    fi
}

stop_local_pg() {
    use_local_pg || return 0
    if pg_bindir >/dev/null && pg_running; then
        log "Stopping PostgreSQL (.local/pg)"
        as_pg_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    fi
}

# psql as the Odoo role, on the maintenance database.
odoo_psql() {
    local bin; bin="$(pg_bindir 2>/dev/null || dirname "$(command -v psql)")"
    PGPASSWORD="$MERCH_DB_PASSWORD" "$bin/psql" -h "$(db_host)" -p "$MERCH_DB_PORT" \
        -U "$MERCH_DB_USER" -d postgres -qtAX "$@"
}

db_exists() { [ "$(odoo_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

drop_db() {
    if db_exists "$1"; then
        odoo_psql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$1'" >/dev/null
        odoo_psql -c "DROP DATABASE \"$1\"" >/dev/null
    fi
}

# --- Odoo -------------------------------------------------------------------

# Three configurations that differ by the database the web server may serve
# (only one, so that no database selector is needed): the demo database for
# make run, the test database for the tests' own HTTP server, the benchmark
# database for make bench.
write_config() {
    mkdir -p "$LOCAL/data" "$LOCAL/log"
    local addons; addons="$("$VENV/bin/python" -c 'import os, odoo.addons; print(os.path.dirname(odoo.addons.__file__))')"
    config_text "$addons" "$MERCH_DB" > "$CONF"
    config_text "$addons" "$MERCH_TEST_DB" > "$TEST_CONF"
    config_text "$addons" "$MERCH_BENCH_DB" > "$BENCH_CONF"
}

config_text() {
    cat <<EOF
; Generated by tools/dev.sh: edit the environment variables, not this file.
[options]
addons_path = $1,$ROOT
data_dir = $LOCAL/data
db_host = $(db_host)
db_port = $MERCH_DB_PORT
db_user = $MERCH_DB_USER
db_password = ${MERCH_DB_PASSWORD:-False}
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $MERCH_HTTP_PORT
admin_passwd = admin
workers = 0
without_demo = False
EOF
}

setup() {
    ensure_venv
    ensure_lessc
    ensure_pdf_tools
    ensure_browser
    ensure_local_pg
    write_config
}

# Odoo's launcher, on .local/odoo.conf (ODOO_CONF=... odoo ... for another one).
odoo() {
    # A sub-command (shell, scaffold...) must come before the options.
    local cmd=()
    case "${1:-}" in -*|'') ;; *) cmd=("$1"); shift ;; esac
    # lessc from node_modules, and none of the variables pytest-odoo would
    # turn into database options (USER=root would become the db user).
    env -u HOST -u PORT -u USER -u PASSWORD \
        PATH="$ROOT/node_modules/.bin:$VENV/bin:$PATH" \
        "$VENV/bin/python" "$ODOO_BIN" "${cmd[@]}" -c "${ODOO_CONF:-$CONF}" "$@"
}

module_state() {
    db_exists "$1" || return 0
    PGPASSWORD="$MERCH_DB_PASSWORD" "$(pg_bindir 2>/dev/null || dirname "$(command -v psql)")/psql" \
        -h "$(db_host)" -p "$MERCH_DB_PORT" -U "$MERCH_DB_USER" -d "$1" -qtAX \
        -c "SELECT state FROM ir_module_module WHERE name = 'merchandising'" 2>/dev/null || true
}

# The addon's dependencies (its manifest's), comma-separated.
addon_depends() {
    "$VENV/bin/python" -c 'import ast, sys
print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' "$ROOT/merchandising/__manifest__.py"
}

# The addon's dependencies not installed in database $1, comma-separated.
missing_depends() {
    local installed name missing=()
    installed=" $(PGPASSWORD="$MERCH_DB_PASSWORD" "$(pg_bindir 2>/dev/null || dirname "$(command -v psql)")/psql" \
        -h "$(db_host)" -p "$MERCH_DB_PORT" -U "$MERCH_DB_USER" -d "$1" -qtAX \
        -c "SELECT name FROM ir_module_module WHERE state = 'installed'" | tr '\n' ' ') "
    for name in $(addon_depends | tr ',' ' '); do
        [[ "$installed" == *" $name "* ]] || missing+=("$name")
    done
    (IFS=,; echo "${missing[*]}")
}

addon_hash() { (cd "$ROOT" && find merchandising -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1); }

# Install the addon with demo data on first run; upgrade it when its files changed.
ensure_run_db() {
    local stamp="$LOCAL/data/.$MERCH_DB.addon.sha" want; want="$(addon_hash)"
    if [ "$(module_state "$MERCH_DB")" != installed ]; then
        drop_db "$MERCH_DB"
        log "Creating database '$MERCH_DB' with demo data and installing merchandising (a few minutes, once)"
        odoo -d "$MERCH_DB" -i merchandising --stop-after-init --log-level=warn \
            --logfile="$LOCAL/log/install.log" || die "installation failed: see .local/log/install.log"
        echo "$want" > "$stamp"
    elif [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "The addon changed: upgrading merchandising in '$MERCH_DB'"
        # A dependency the new version added must be installed first: -u
        # alone refuses it as unmet. Only the missing ones: -i on an installed
        # module would load its data again.
        local missing; missing="$(missing_depends "$MERCH_DB")"
        odoo -d "$MERCH_DB" ${missing:+-i "$missing"} -u merchandising --stop-after-init --log-level=warn \
            --logfile="$LOCAL/log/install.log" || die "upgrade failed: see .local/log/install.log"
        echo "$want" > "$stamp"
    fi
}

cmd_run() {
    setup
    ensure_run_db
    cat >&2 <<EOF

  Odoo 11 with merchandising: http://127.0.0.1:$MERCH_HTTP_PORT
  database '$MERCH_DB'
    log in as admin / admin                 (merchandising manager)
    or        merchandiser1 / merchandiser1 (Li Na, merchandiser)
    or        merchandiser2 / merchandiser2 (Wang Wei, merchandiser)
  Ctrl-C (or make stop from another shell) stops the server.

EOF
    odoo -d "$MERCH_DB" --pidfile="$LOCAL/odoo.pid" "$@"
}

# pylint-odoo with .pylintrc (OCA's checks for 11.0), then OCA's XML, CSV and
# PO checks that left pylint-odoo for oca-odoo-pre-commit-hooks (the 11.0
# ones: duplicate ids and fields, syntax, views replaced without priority,
# redundant module names, files not in the manifest, PO placeholders).
# Fails on any message: .pylintrc says which checks are on and why.
LINT_MODULE_CHECKS=csv-duplicate-record-id,csv-syntax-error,file-not-used,manifest-syntax-error,xml-syntax-error,xml-duplicate-record-id,xml-duplicate-fields,xml-duplicate-template-id,xml-redundant-module-name,xml-view-dangerous-replace-low-priority,xml-dangerous-qweb-replace-low-priority,xml-create-user-wo-reset-password,xml-deprecated-qweb-directive,xml-deprecated-openerp-node
LINT_PO_CHECKS=po-syntax-error,po-requires-module,po-python-parse-printf,po-python-parse-format,po-duplicate-message-definition

cmd_lint() {
    ensure_lint_venv
    log "pylint-odoo (.pylintrc) and OCA's XML/CSV/PO checks on merchandising/"
    cd "$ROOT"
    local rc=0
    "$LINT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" merchandising || rc=1
    "$LINT_VENV/bin/oca-checks-odoo-module" --enable="$LINT_MODULE_CHECKS" merchandising || rc=1
    "$LINT_VENV/bin/oca-checks-po" --enable="$LINT_PO_CHECKS" merchandising/i18n/*.po merchandising/i18n/*.pot || rc=1
    [ "$rc" = 0 ] || die "lint: fix the messages above (or disable a check in .pylintrc, saying why)"
    log "lint: no messages"
}

cmd_test() {
    setup
    cmd_lint
    drop_db "$MERCH_TEST_DB"
    drop_db "${MERCH_TEST_DB}_nodemo"
    log "Installing merchandising on fresh databases '$MERCH_TEST_DB' (demo data) and '${MERCH_TEST_DB}_nodemo' (without)"
    local t0=$SECONDS
    odoo -d "$MERCH_TEST_DB" -i merchandising --stop-after-init --log-level=warn \
        --logfile="$LOCAL/log/test-install.log" &
    local demo_pid=$!
    odoo -d "${MERCH_TEST_DB}_nodemo" -i merchandising --without-demo=all --stop-after-init \
        --log-level=warn --logfile="$LOCAL/log/test-install-nodemo.log" &
    local nodemo_pid=$!
    wait "$demo_pid" || die "installation failed: see .local/log/test-install.log"
    wait "$nodemo_pid" || die "installation without demo failed: see .local/log/test-install-nodemo.log"
    # Odoo exits 0 even when a data file fails to load: the log tells.
    if grep -hE ' (ERROR|CRITICAL) ' "$LOCAL/log/test-install.log" "$LOCAL/log/test-install-nodemo.log"; then
        die "errors while installing merchandising (above)"
    fi
    log "Installed in $((SECONDS - t0)) s; running pytest"
    cd "$ROOT"
    env -u HOST -u PORT -u USER -u PASSWORD \
        PATH="$ROOT/node_modules/.bin:$VENV/bin:$PATH" \
        MERCH_TEST_DB_NODEMO="${MERCH_TEST_DB}_nodemo" \
        "$VENV/bin/pytest" --odoo-config="$TEST_CONF" --odoo-database="$MERCH_TEST_DB" "$@" tests
}

# Odoo's own suites of the modules merchandising extends, with and without
# it: two fresh databases with demo data, one with only those modules, one
# with merchandising (which depends on all of them); then the tests of those
# modules on both, in parallel, on the complete registry (tools/coexist.py
# says why not `-u --test-enable`), and a comparison that fails on any test
# failing only with merchandising. Logs in .local/log/coexist-*.log.
COEXIST_MODULES=sale,sale_management,sale_stock,sale_order_dates,stock,delivery

cmd_coexist() {
    setup
    local base="${MERCH_TEST_DB}_coexist_base" merch="${MERCH_TEST_DB}_coexist_merch"
    local logs="$LOCAL/log" t0=$SECONDS
    drop_db "$base"
    drop_db "$merch"
    rm -f "$logs"/coexist-*.log "$logs"/coexist-*.json
    log "Installing $COEXIST_MODULES on '$base' and merchandising on '$merch' (no tests yet)"
    ODOO_CONF="$TEST_CONF" odoo -d "$base" -i "$COEXIST_MODULES" --stop-after-init --log-level=warn \
        --logfile="$logs/coexist-base-install.log" &
    local base_pid=$!
    ODOO_CONF="$TEST_CONF" odoo -d "$merch" -i merchandising --stop-after-init --log-level=warn \
        --logfile="$logs/coexist-merch-install.log" &
    local merch_pid=$!
    wait "$base_pid" || die "installation failed: see .local/log/coexist-base-install.log"
    wait "$merch_pid" || die "installation failed: see .local/log/coexist-merch-install.log"
    if grep -hE ' (ERROR|CRITICAL) ' "$logs/coexist-base-install.log" "$logs/coexist-merch-install.log"; then
        die "errors while installing (above)"
    fi
    log "Installed in $((SECONDS - t0)) s; running the tests of $COEXIST_MODULES on both"
    local db pids=()
    for db in base merch; do
        local name="${MERCH_TEST_DB}_coexist_$db"
        env -u HOST -u PORT -u USER -u PASSWORD PATH="$ROOT/node_modules/.bin:$VENV/bin:$PATH" \
            "$VENV/bin/python" "$ROOT/tools/coexist.py" run --config "$TEST_CONF" --database "$name" \
            --modules "$COEXIST_MODULES" --logfile "$logs/coexist-$db-tests.log" \
            --out "$logs/coexist-$db.json" &
        pids+=($!)
    done
    wait "${pids[0]}" || die "the tests did not run on '$base': see .local/log/coexist-base-tests.log"
    wait "${pids[1]}" || die "the tests did not run on '$merch': see .local/log/coexist-merch-tests.log"
    local rc=0
    "$VENV/bin/python" "$ROOT/tools/coexist.py" compare "$logs/coexist-base.json" "$logs/coexist-merch.json" || rc=$?
    log "coexist: $((SECONDS - t0)) s in all"
    [ "$rc" = 0 ] || die "Odoo's own tests fail with merchandising where they pass without it (above; logs in .local/log/coexist-*)"
    drop_db "$base"
    drop_db "$merch"
}

# A benchmark database made afresh: $1 with the modules $2, no demo data,
# Odoo's log in .local/log/$3.
install_bench_db() {
    local db="$1" modules="$2" logfile="$LOCAL/log/$3"
    drop_db "$db"
    rm -f "$logfile"
    ODOO_CONF="$BENCH_CONF" odoo -d "$db" -i "$modules" --without-demo=all --stop-after-init \
        --log-level=warn --logfile="$logfile" || die "installation failed: see .local/log/$3"
    # Odoo exits 0 even when a data file fails to load: the log tells.
    if grep -hE ' (ERROR|CRITICAL) ' "$logfile"; then
        die "errors while installing $modules in '$db' (above)"
    fi
}

# The benchmark database: merchandising without demo data, re-created from
# scratch (not upgraded) when missing or when the addon's files changed, so
# that every benchmark runs on the addon as it is, on data of its own.
ensure_bench_db() {
    local stamp="$LOCAL/data/.$MERCH_BENCH_DB.addon.sha" want; want="$(addon_hash)"
    if [ "$(module_state "$MERCH_BENCH_DB")" = installed ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    rm -f "$stamp"
    log "Creating database '$MERCH_BENCH_DB' without demo data and installing merchandising (a few minutes, once per change of the addon)"
    install_bench_db "$MERCH_BENCH_DB" merchandising bench-install.log
    echo "$want" > "$stamp"
}

# The baseline of the order scenario: the same Odoo with sale_management and
# sale_stock only (no merchandising, no demo), for the cost of the addon in the
# sales flow. It does not depend on the addon's files: created once.
ensure_bench_base_db() {
    local db="${MERCH_BENCH_DB}_base"
    [ "$(odoo_psql -d "$db" -c "SELECT count(*) FROM ir_module_module WHERE name IN ('sale_management', 'sale_stock') AND state = 'installed'" 2>/dev/null || true)" = 2 ] && return 0
    log "Creating database '$db' without demo data with sale_management and sale_stock only (the baseline, once)"
    install_bench_db "$db" sale_management,sale_stock bench-base-install.log
}

# The second baseline of the order scenario: the modules the addon depends on
# (its manifest's list), without the addon, to tell the cost of the addon's own
# code from the cost of what it builds on. Made again when that list grows.
ensure_bench_deps_db() {
    local db="${MERCH_BENCH_DB}_deps"
    db_exists "$db" && [ -z "$(missing_depends "$db")" ] && return 0
    log "Creating database '$db' without demo data with the addon's dependencies only ($(addon_depends); once)"
    install_bench_db "$db" "$(addon_depends)" bench-deps-install.log
}

# Benchmarks (bench/README.md): bash tools/dev.sh bench [scenario] [options],
# for example `bash tools/dev.sh bench chase --sizes 10000,100000`.
cmd_bench() {
    setup
    # One benchmark at a time: a second one would re-create the database
    # under the first, or slow it down.
    exec 9>"$LOCAL/bench.lock"
    flock -n 9 || { log "Another benchmark is running: waiting for it to finish"; flock 9; }
    ensure_bench_db
    # `all` (or no scenario) runs every one; only the order scenario needs the baseline.
    case "${1:-all}" in all|orders) ensure_bench_base_db; ensure_bench_deps_db ;; esac
    [ "${1:-}" = all ] && shift
    cd "$ROOT"
    env -u HOST -u PORT -u USER -u PASSWORD \
        PATH="$ROOT/node_modules/.bin:$VENV/bin:$PATH" \
        "$VENV/bin/python" "$ROOT/bench/bench.py" --config "$BENCH_CONF" --database "$MERCH_BENCH_DB" \
        --base-database "${MERCH_BENCH_DB}_base" --deps-database "${MERCH_BENCH_DB}_deps" "$@"
}

# Re-export the translation template from the test database (after make test).
cmd_pot() {
    setup
    module_state_is_installed "$MERCH_TEST_DB" || die "run make test first: the template is exported from '$MERCH_TEST_DB'"
    local tmp; tmp="$(mktemp -d)"
    odoo -d "$MERCH_TEST_DB" --i18n-export="$tmp/merchandising.po" --modules=merchandising \
        --stop-after-init --log-level=warn
    # Odoo 11 writes a template when no language is given, but only to a .po name.
    mv "$tmp/merchandising.po" "$ROOT/merchandising/i18n/merchandising.pot"
    rmdir "$tmp"
    # Keep the translations, add the new terms (empty), drop the gone ones.
    "$VENV/bin/python" - "$ROOT/merchandising/i18n" <<'EOF'
import os, sys, polib
folder = sys.argv[1]
po = polib.pofile(os.path.join(folder, 'zh_CN.po'))
po.merge(polib.pofile(os.path.join(folder, 'merchandising.pot')))
po[:] = [entry for entry in po if not entry.obsolete]
po.save()
print('%d terms, %d to translate' % (len(po), len(po.untranslated_entries())))
EOF
    log "Wrote merchandising/i18n/merchandising.pot and merged it into zh_CN.po: translate the empty terms"
}

module_state_is_installed() { [ "$(module_state "$1")" = installed ]; }

cmd_stop() {
    if [ -f "$LOCAL/odoo.pid" ]; then
        local pid; pid="$(cat "$LOCAL/odoo.pid")"
        if kill -0 "$pid" 2>/dev/null; then
            log "Stopping Odoo (pid $pid)"
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        fi
        rm -f "$LOCAL/odoo.pid"
    fi
    stop_local_pg
}

cmd_clean() {
    cmd_stop
    log "Removing .local/ and node_modules/"
    [ -L "$LOCAL/pg" ] && rm -rf "$(readlink -f "$LOCAL/pg")"
    rm -rf "$LOCAL" "$ROOT/node_modules"
    find "$ROOT/merchandising" "$ROOT/tests" -name __pycache__ -type d -prune -exec rm -rf {} +
    rm -rf "$ROOT/.pytest_cache"
}

case "${1:-}" in
    setup) setup ;;
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    lint) cmd_lint ;;
    coexist) cmd_coexist ;;
    bench) shift; cmd_bench "$@" ;;
    stop) cmd_stop ;;
    clean) cmd_clean ;;
    pot) cmd_pot ;;
    odoo) shift; setup; odoo "$@" ;;
    *) die "usage: tools/dev.sh setup|run|test|lint|coexist|bench|stop|clean|pot|odoo [args]" ;;
esac
