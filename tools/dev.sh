#!/usr/bin/env bash
# The one script behind the Makefile: setup, run, test, lint, coexist, bench,
# stop, clean. Everything it makes lives in .local/ (git-ignored):
#   .local/odoo-18.0/  the Odoo 18.0 source (unless ODOO_SRC names one)
#   .local/venv/       Python 3.12 with requirements.txt; .local/oca/ the OCA addons
#   .local/pg/         a private PostgreSQL cluster (data, socket, log)
#   .local/*.conf      Odoo's configurations; .local/data/ filestore; .local/log/
# Each step is skipped when already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$LOCAL/venv"
OCA="$LOCAL/oca"
SHARED_ODOO="${MERCH_SHARED_ODOO:-$ROOT/../shared/odoo}"

MERCH_HTTP_PORT="${MERCH_HTTP_PORT:-8069}"
MERCH_DB="${MERCH_DB:-merchandising}"
MERCH_TEST_DB="${MERCH_TEST_DB:-merchandising_test}"
MERCH_BENCH_DB="${MERCH_BENCH_DB:-merchandising_bench}"
MERCH_WORKERS="${MERCH_WORKERS:-0}"
# MERCH_DB_HOST (a host or socket folder) uses that server instead of .local/pg.
MERCH_DB_HOST="${MERCH_DB_HOST:-}"
MERCH_DB_PORT="${MERCH_DB_PORT:-54319}"
MERCH_DB_USER="${MERCH_DB_USER:-odoo}"
MERCH_DB_PASSWORD="${MERCH_DB_PASSWORD:-}"

PG_DIR="$LOCAL/pg"
[ -L "$PG_DIR" ] && PG_DIR="$(readlink -f "$PG_DIR")"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/socket"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
db_host() { if [ -z "$MERCH_DB_HOST" ]; then echo "$PG_SOCK"; else echo "$MERCH_DB_HOST"; fi; }

# apt_install WHY PACKAGE...: Debian packages, when root with apt (else the caller says what is missing).
apt_install() {
    local why="$1"; shift
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
    log "Installing $* (Debian packages) $why"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Odoo's source: ODOO_SRC, else the team's archive, else a clone ----------

odoo_dir() {
    if [ -n "${ODOO_SRC:-}" ]; then echo "$ODOO_SRC"; else echo "$LOCAL/odoo-18.0"; fi
}

ensure_odoo_src() {
    local dir; dir="$(odoo_dir)"
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$dir/odoo/release.py" ] && grep -q "version_info = (18, 0" "$dir/odoo/release.py" \
            || die "ODOO_SRC=$dir is not an Odoo 18.0 source tree (no odoo/release.py of 18.0)"
        return 0
    fi
    [ -f "$dir/odoo/release.py" ] && return 0
    mkdir -p "$LOCAL"
    local archive; archive="$(ls "$SHARED_ODOO"/odoo-18.0-*.tar.gz 2>/dev/null | head -1 || true)"
    if [ -n "$archive" ]; then
        log "Checking and unpacking $(basename "$archive") into .local/"
        (cd "$(dirname "$archive")" && sha256sum --quiet -c SHA256SUMS) \
            || die "$archive does not match its SHA256SUMS"
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        tar xzf "$archive" -C "$dir.tmp" --strip-components=1
        # The trimmed archive lacks payment_mercado_pago, which payment's own
        # data names (payment_provider_data.xml: its module and icon): a
        # stand-in that cannot be installed, with a stand-in icon.
        local stub="$dir.tmp/odoo/addons/payment_mercado_pago"
        mkdir -p "$stub/static/description"
        echo "{'name': 'Mercado Pago (not in the trimmed archive)', 'depends': ['payment'], 'installable': False, 'license': 'LGPL-3'}" \
            > "$stub/__manifest__.py"
        touch "$stub/__init__.py"
        cp "$dir.tmp/odoo/addons/payment/static/img/tarjeta_mercadopago.png" "$stub/static/description/icon.png"
        mv "$dir.tmp" "$dir"
        return 0
    fi
    if command -v git >/dev/null && git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo "$dir.tmp" 2>/dev/null; then
        mv "$dir.tmp" "$dir"
        return 0
    fi
    rm -rf "$dir.tmp"
    die "no Odoo 18.0 source: set ODOO_SRC to an Odoo 18.0 checkout, or put the archive in ../shared/odoo/, or let git clone https://github.com/odoo/odoo (branch 18.0) with internet access"
}

# --- Python -----------------------------------------------------------------

find_python() {
    local py candidates=()
    command -v pyenv >/dev/null 2>&1 && candidates+=("$(pyenv root)"/versions/3.12*/bin/python)
    candidates+=(python3.12 python3.11 python3.10 python3)
    for py in "${candidates[@]}"; do
        py="$(command -v "$py" 2>/dev/null || true)"
        if [ -n "$py" ] && "$py" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 12)' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    die "Python 3.10 to 3.12 not found (Odoo 18.0 needs one; the pins are for 3.12): install python3.12"
}

# stamp FILE...: a checksum of the files, to redo a step only when they change.
stamp() { cat "$@" | sha1sum | cut -d' ' -f1; }

ensure_venv() {
    local want; want="$(stamp "$ROOT/requirements.txt")-$(odoo_dir)"
    [ -f "$VENV/.stamp" ] && [ "$(cat "$VENV/.stamp")" = "$want" ] && return 0
    log "Installing requirements.txt into .local/venv"
    [ -x "$VENV/bin/python" ] || "$(find_python)" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ROOT/requirements.txt" 2>&1 \
        | grep -v 'is ignored' || true
    # Odoo importable (pytest-odoo imports it): the source on the venv's path.
    "$VENV/bin/python" -c 'import site; print(site.getsitepackages()[0])' \
        | xargs -I{} sh -c "echo '$(odoo_dir)' > {}/odoo-src.pth"
    "$VENV/bin/python" -c 'import odoo, psycopg2, pytest_odoo, websocket' \
        || die "the environment .local/venv is incomplete (see pip's output above)"
    echo "$want" > "$VENV/.stamp"
}

ensure_oca() {
    local want; want="$(stamp "$ROOT/requirements-oca.txt")"
    [ -f "$OCA/.stamp" ] && [ "$(cat "$OCA/.stamp")" = "$want" ] && return 0
    log "Installing the OCA addons (requirements-oca.txt) into .local/oca"
    rm -rf "$OCA.new" "$OCA.old"
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --target "$OCA.new" \
        -r "$ROOT/requirements-oca.txt" 2>&1 | grep -v 'is ignored' || true
    [ -d "$OCA.new/odoo/addons/web_timeline" ] || die "the OCA addons did not install (see pip's output above)"
    echo "$want" > "$OCA.new/.stamp"
    # Swapped in whole: a server or test run elsewhere never sees half a folder.
    [ -d "$OCA" ] && mv "$OCA" "$OCA.old"
    mv "$OCA.new" "$OCA"
    rm -rf "$OCA.old"
}

# pylint-odoo and OCA's XML/CSV/PO checks in an environment of their own.
ensure_lint_venv() {
    local venv="$LOCAL/lint-venv" want; want="$(stamp "$ROOT/requirements-lint.txt")"
    [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$want" ] && return 0
    log "Installing requirements-lint.txt into .local/lint-venv"
    [ -x "$venv/bin/python" ] || "$(find_python)" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ROOT/requirements-lint.txt" 2>&1 \
        | grep -v 'is ignored' || true
    "$venv/bin/python" -c 'import pylint_odoo, oca_pre_commit_hooks' || die "the lint environment is incomplete"
    echo "$want" > "$venv/.stamp"
}

# --- PDFs and the browser ------------------------------------------------------

ensure_pdf_tools() {
    command -v wkhtmltopdf >/dev/null && command -v pdftotext >/dev/null \
        && fc-list 2>/dev/null | grep 'Noto Sans CJK' >/dev/null && return 0
    apt_install "for the PDF documents" wkhtmltopdf poppler-utils fonts-noto-cjk fontconfig
    command -v wkhtmltopdf >/dev/null || log "wkhtmltopdf not found: install wkhtmltopdf, poppler-utils, fonts-noto-cjk"
}

ensure_browser() {
    command -v chromium >/dev/null && return 0
    apt_install "for the browser tests" chromium fonts-noto-cjk
    command -v chromium >/dev/null || log "chromium not found: the browser tests will fail (install chromium)"
}

# --- PostgreSQL ----------------------------------------------------------------

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

# The server refuses root: as root, the cluster is the postgres user's.
as_pg_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

ensure_local_pg() {
    [ -z "$MERCH_DB_HOST" ] || return 0
    pg_bindir >/dev/null || apt_install "for the local database" postgresql-15
    local bin; bin="$(pg_bindir)" || die "PostgreSQL not found: install postgresql-15, or set MERCH_DB_HOST"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "Creating a PostgreSQL cluster in .local/pg"
        mkdir -p "$LOCAL"
        if [ "$(id -u)" = 0 ] && [ ! -e "$LOCAL/pg" ] && ! runuser -u postgres -- test -x "$LOCAL"; then
            # postgres cannot enter the project (a clone in /root): a folder of its own, linked.
            local outside; outside="/var/tmp/merchandising-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
            mkdir -p "$outside" && ln -s "$outside" "$LOCAL/pg"
            PG_DIR="$outside"; PG_DATA="$PG_DIR/data"; PG_SOCK="$PG_DIR/socket"
        fi
        mkdir -p "$PG_DATA" "$PG_SOCK"
        [ "$(id -u)" = 0 ] && chown -R postgres: "$PG_DIR"
        as_pg_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        # A development cluster: speed over durability; no TCP, a socket in .local/pg.
        printf "listen_addresses = ''\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n" \
            "$MERCH_DB_PORT" "$PG_SOCK" | as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
    fi
    if ! as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "Starting PostgreSQL (.local/pg)"
        as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgresql.log" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start: see $PG_DIR/postgresql.log"
    fi
    # Odoo 18 refuses the role postgres: a role of its own.
    local psql=("$bin/psql" -h "$PG_SOCK" -p "$MERCH_DB_PORT" -U postgres -d postgres -qtAX)
    [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$MERCH_DB_USER'")" = 1 ] \
        || "${psql[@]}" -c "CREATE ROLE \"$MERCH_DB_USER\" LOGIN SUPERUSER" >/dev/null
}

odoo_psql() {
    local bin; bin="$(pg_bindir 2>/dev/null || dirname "$(command -v psql)")"
    local db="postgres"
    [ "${1:-}" = -d ] && { db="$2"; shift 2; }
    PGPASSWORD="$MERCH_DB_PASSWORD" "$bin/psql" -h "$(db_host)" -p "$MERCH_DB_PORT" -U "$MERCH_DB_USER" -d "$db" -qtAX "$@"
}

db_exists() { [ "$(odoo_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

drop_db() {
    db_exists "$1" || return 0
    odoo_psql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$1'" >/dev/null
    odoo_psql -c "DROP DATABASE \"$1\"" >/dev/null
    rm -rf "$LOCAL/data/filestore/$1"
}

module_installed() {
    db_exists "$1" && [ "$(odoo_psql -d "$1" -c "SELECT state FROM ir_module_module WHERE name = 'merchandising'" 2>/dev/null)" = installed ]
}

# --- Odoo ------------------------------------------------------------------------

# One configuration per database the server may serve (no database selector).
write_config() {
    mkdir -p "$LOCAL/data" "$LOCAL/log"
    local db
    for db in "$MERCH_DB" "$MERCH_TEST_DB" "$MERCH_BENCH_DB"; do
        cat > "$LOCAL/$db.conf" <<EOF
; Generated by tools/dev.sh: set the environment variables, not this file.
[options]
addons_path = $(odoo_dir)/odoo/addons,$OCA/odoo/addons,$ROOT
data_dir = $LOCAL/data
db_host = $(db_host)
db_port = $MERCH_DB_PORT
db_user = $MERCH_DB_USER
db_password = ${MERCH_DB_PASSWORD:-False}
dbfilter = ^$db\$
list_db = False
http_interface = 127.0.0.1
http_port = $(if [ "$db" = "$MERCH_TEST_DB" ]; then echo $((MERCH_HTTP_PORT + 10)); else echo "$MERCH_HTTP_PORT"; fi)
gevent_port = $((MERCH_HTTP_PORT + 3))
admin_passwd = admin
workers = $MERCH_WORKERS
max_cron_threads = 1
EOF
    done
}

setup() {
    ensure_odoo_src
    ensure_venv
    ensure_oca
    ensure_pdf_tools
    ensure_browser
    ensure_local_pg
    write_config
}

# odoo DB ARGS...: Odoo's launcher on that database's configuration.
# (A database without a configuration of its own, a copy, uses the tests' one.)
odoo() {
    local db="$1" conf="$LOCAL/$1.conf"; shift
    [ -f "$conf" ] || conf="$LOCAL/$MERCH_TEST_DB.conf"
    "$VENV/bin/python" "$(odoo_dir)/odoo-bin" -c "$conf" -d "$db" "$@"
}

addon_hash() { (cd "$ROOT" && find merchandising -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1); }

# install DB LOGNAME [-i MODULES] ARGS...: a fresh database with merchandising (or those modules);
# fails on any error in the log (Odoo exits 0 when a data file fails to load).
install() {
    local db="$1" logfile="$LOCAL/log/$2.log" modules=merchandising; shift 2
    [ "${1:-}" = -i ] && { modules="$2"; shift 2; }
    drop_db "$db"
    rm -f "$logfile"
    odoo "$db" -i "$modules" --stop-after-init --log-level=warn --logfile="$logfile" "$@" \
        || die "installation failed: see ${logfile#"$ROOT"/}"
    if grep -E ' (ERROR|CRITICAL) ' "$logfile"; then die "errors while installing in '$db' (above)"; fi
}

cmd_run() {
    setup
    local stamp="$LOCAL/data/.$MERCH_DB.sha"
    if ! module_installed "$MERCH_DB"; then
        log "Creating database '$MERCH_DB' with demo data (about two minutes, once)"
        install "$MERCH_DB" install
        addon_hash > "$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$(addon_hash)" ]; then
        log "The addon changed: upgrading it in '$MERCH_DB'"
        odoo "$MERCH_DB" -u merchandising --stop-after-init --log-level=warn --logfile="$LOCAL/log/install.log" \
            || die "upgrade failed: see .local/log/install.log"
        addon_hash > "$stamp"
    fi
    cat >&2 <<EOF

  Odoo 18.0 with merchandising: http://127.0.0.1:$MERCH_HTTP_PORT/odoo  (database '$MERCH_DB', $MERCH_WORKERS workers)
    admin / admin                   merchandising manager
    merchandiser1 / merchandiser1   Li Na, merchandiser
    merchandiser2 / merchandiser2   Wang Wei, merchandiser (Chinese)
    sales1 / sales1                 Zhang Min, salesperson
    portal1 / portal1               Karin Lindqvist, buyer of Nordic Outdoor AB (portal: /my/samples)
  Ctrl-C (or make stop) stops the server.

EOF
    odoo "$MERCH_DB" --pidfile="$LOCAL/odoo.pid" "$@"
}

cmd_test() {
    setup
    cmd_lint
    local t0=$SECONDS
    log "Installing merchandising on fresh databases '$MERCH_TEST_DB' (demo data) and '${MERCH_TEST_DB}_nodemo'"
    install "$MERCH_TEST_DB" test-install &
    local demo=$!
    install "${MERCH_TEST_DB}_nodemo" test-install-nodemo --without-demo=all &
    local nodemo=$!
    wait "$demo" && wait "$nodemo" || die "installation failed (above)"
    log "Installed in $((SECONDS - t0)) s; running pytest"
    cd "$ROOT"
    # All of tests/, unless the arguments name some of it (make test ARGS=tests/test_tna.py).
    local arg paths=(tests)
    for arg in "$@"; do [[ "$arg" == tests/* ]] && paths=(); done
    MERCH_TEST_DB_NODEMO="${MERCH_TEST_DB}_nodemo" MERCH_ODOO_CONF="$LOCAL/$MERCH_TEST_DB.conf" \
        "$VENV/bin/pytest" --odoo-config="$LOCAL/$MERCH_TEST_DB.conf" --odoo-database="$MERCH_TEST_DB" --odoo-http \
        "$@" "${paths[@]}"
}

# The addon's dependencies (its manifest's, read now: the list grows), comma-separated.
addon_depends() {
    "$VENV/bin/python" -c 'import ast, sys
print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' "$ROOT/merchandising/__manifest__.py"
}

# Odoo's own suites of the modules merchandising extends, with and without it:
# two fresh databases with demo data holding the same modules (those, and the
# addon's dependencies), one of them with merchandising; then those modules'
# tests on both, in parallel, on the complete registry (tools/coexist.py says
# why not `-u --test-enable`), and a comparison that fails on any test failing
# only with merchandising. Logs in .local/log/coexist-*.
COEXIST_MODULES=sale,sale_management,sale_stock,stock,stock_delivery,delivery,purchase_stock,portal

cmd_coexist() {
    setup
    local base="${MERCH_TEST_DB}_coexist_base" merch="${MERCH_TEST_DB}_coexist_merch" t0=$SECONDS
    rm -f "$LOCAL"/log/coexist-*
    log "Installing $COEXIST_MODULES and the addon's dependencies on '$base', and merchandising too on '$merch'"
    install "$base" coexist-base-install -i "$COEXIST_MODULES,$(addon_depends)" &
    local base_pid=$!
    install "$merch" coexist-merch-install -i "$COEXIST_MODULES,merchandising" &
    local merch_pid=$!
    local failed=0
    wait "$base_pid" || failed=1
    wait "$merch_pid" || failed=1
    [ "$failed" = 0 ] || die "installation failed (above)"
    log "Installed in $((SECONDS - t0)) s; running the tests of $COEXIST_MODULES on both"
    local side port=$((MERCH_HTTP_PORT + 11)) pids=()
    # No test run left behind when the other side fails.
    trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
    for side in base merch; do
        "$VENV/bin/python" "$ROOT/tools/coexist.py" run --config "$LOCAL/$MERCH_TEST_DB.conf" \
            --database "${MERCH_TEST_DB}_coexist_$side" --http-port "$port" --modules "$COEXIST_MODULES" \
            --logfile "$LOCAL/log/coexist-$side-tests.log" --out "$LOCAL/log/coexist-$side.json" &
        pids+=($!)
        port=$((port + 1))
    done
    wait "${pids[0]}" || die "the tests did not run on '$base': see .local/log/coexist-base-tests.log"
    wait "${pids[1]}" || die "the tests did not run on '$merch': see .local/log/coexist-merch-tests.log"
    trap - EXIT
    local rc=0
    "$VENV/bin/python" "$ROOT/tools/coexist.py" compare "$LOCAL/log/coexist-base.json" "$LOCAL/log/coexist-merch.json" || rc=$?
    log "coexist: $((SECONDS - t0)) s in all"
    [ "$rc" = 0 ] || die "coexist: the problems above (databases kept; logs in .local/log/coexist-*)"
    drop_db "$base"
    drop_db "$merch"
}

# OCA's 18.0 checks, all blocking: pylint-odoo with .pylintrc, then every XML,
# CSV and manifest check of oca-checks-odoo-module but those for other
# versions or other hosts (Odoo 19's res.groups privileges, Weblate's name
# length), and the PO checks.
cmd_lint() {
    ensure_lint_venv
    log "pylint-odoo and OCA's XML/CSV/PO checks on merchandising/"
    local rc=0 bin="$LOCAL/lint-venv/bin"
    cd "$ROOT"
    "$bin/pylint" --rcfile=.pylintrc merchandising || rc=1
    "$bin/oca-checks-odoo-module" --disable=xml-deprecated-res-groups-category-id,weblate-component-too-long \
        merchandising || rc=1
    if ls merchandising/i18n/*.po* >/dev/null 2>&1; then
        "$bin/oca-checks-po" merchandising/i18n/*.po* || rc=1
    fi
    [ "$rc" = 0 ] || die "lint: fix the messages above"
    log "lint: no messages"
}

# Re-export merchandising/i18n/merchandising.pot from the test database (after
# make test) and merge it into zh_CN.po: translations kept, new terms empty,
# gone ones dropped.
cmd_pot() {
    setup
    module_installed "$MERCH_TEST_DB" || die "run make test first: the template is exported from '$MERCH_TEST_DB'"
    mkdir -p "$ROOT/merchandising/i18n"
    odoo "$MERCH_TEST_DB" --i18n-export="$ROOT/merchandising/i18n/merchandising.pot" --modules=merchandising \
        --stop-after-init --log-level=warn
    "$VENV/bin/python" - "$ROOT/merchandising/i18n" <<'PY'
import os, sys, polib
folder = sys.argv[1]
path = os.path.join(folder, 'zh_CN.po')
po = polib.pofile(path) if os.path.exists(path) else polib.POFile()
po.merge(polib.pofile(os.path.join(folder, 'merchandising.pot')))
po[:] = [entry for entry in po if not entry.obsolete]
po.metadata.update({'Language': 'zh_CN', 'Content-Type': 'text/plain; charset=UTF-8'})
po.save(path)
print('%d terms, %d to translate' % (len(po), len(po.untranslated_entries())))
PY
    # The layout OCA's PO check expects (msgcat's).
    ensure_lint_venv
    "$LOCAL/lint-venv/bin/oca-checks-po" --fix --no-exit "$ROOT"/merchandising/i18n/*.po* >/dev/null || true
}

# --- benchmarks (bench/README.md) ---------------------------------------------

# install_bench_db DB MODULES LOGNAME: a fresh database with those modules, no demo data.
install_bench_db() {
    local db="$1" modules="$2" logfile="$LOCAL/log/$3.log"
    drop_db "$db"
    rm -f "$logfile"
    odoo "$db" -i "$modules" --without-demo=all --stop-after-init --log-level=warn --logfile="$logfile" \
        || die "installation failed: see ${logfile#"$ROOT"/}"
    if grep -E ' (ERROR|CRITICAL) ' "$logfile"; then die "errors while installing $modules in '$db' (above)"; fi
}

installed_modules() {
    db_exists "$1" || return 0
    odoo_psql -d "$1" -c "SELECT name FROM ir_module_module WHERE state = 'installed'"
}

# The three databases of `make bench`: the addon (re-created, not upgraded,
# whenever its files change: every figure is of the addon as it is, on data of
# its own), and the baselines of the order scenario without it — sale_management
# and sale_stock only (made once), the addon's manifest dependencies (made again
# when that list changes).
ensure_bench_dbs() {
    local stamp="$LOCAL/data/.$MERCH_BENCH_DB.sha"
    if ! module_installed "$MERCH_BENCH_DB" || [ "$(cat "$stamp" 2>/dev/null)" != "$(addon_hash)" ]; then
        log "Creating '$MERCH_BENCH_DB': merchandising without demo data (a few minutes, once per change of the addon)"
        rm -f "$stamp"
        install_bench_db "$MERCH_BENCH_DB" merchandising bench-install
        addon_hash > "$stamp"
    fi
    local base="${MERCH_BENCH_DB}_base" deps="${MERCH_BENCH_DB}_deps" name
    if [ "$(installed_modules "$base" | grep -cxE 'sale_management|sale_stock')" != 2 ]; then
        log "Creating '$base': sale_management and sale_stock without demo data (once)"
        install_bench_db "$base" sale_management,sale_stock bench-base-install
    fi
    local have; have=" $(installed_modules "$deps" | tr '\n' ' ') "
    for name in $(addon_depends | tr ',' ' '); do
        [[ "$have" == *" $name "* ]] && continue
        log "Creating '$deps': the addon's dependencies without it nor demo data ($(addon_depends))"
        install_bench_db "$deps" "$(addon_depends)" bench-deps-install
        break
    done
}

# bench [scenario] [options]: one benchmark at a time on this checkout (the
# lock); bench.py waits, too, for another one on the same database.
cmd_bench() {
    setup
    exec 9>"$LOCAL/bench.lock"
    flock -n 9 || { log "Another benchmark is running: waiting for it to finish"; flock 9; }
    ensure_bench_dbs
    cd "$ROOT"
    "$VENV/bin/python" bench/bench.py --config "$LOCAL/$MERCH_BENCH_DB.conf" --database "$MERCH_BENCH_DB" \
        --base-database "${MERCH_BENCH_DB}_base" --deps-database "${MERCH_BENCH_DB}_deps" "$@"
}

cmd_stop() {
    if [ -f "$LOCAL/odoo.pid" ]; then
        kill "$(cat "$LOCAL/odoo.pid")" 2>/dev/null || true
        rm -f "$LOCAL/odoo.pid"
    fi
    if [ -z "$MERCH_DB_HOST" ] && [ -f "$PG_DATA/PG_VERSION" ] && pg_bindir >/dev/null; then
        as_pg_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

cmd_clean() {
    cmd_stop
    [ -L "$LOCAL/pg" ] && rm -rf "$(readlink -f "$LOCAL/pg")"
    rm -rf "$LOCAL"
    find "$ROOT" -name __pycache__ -type d -prune -exec rm -rf {} +
}

case "${1:-}" in
    setup) setup ;;
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    lint) cmd_lint ;;
    pot) cmd_pot ;;
    coexist) cmd_coexist ;;
    bench) shift; cmd_bench "$@" ;;
    stop) cmd_stop ;;
    clean) cmd_clean ;;
    odoo) shift; setup; db="$1"; shift; odoo "$db" "$@" ;;
    *) die "usage: tools/dev.sh setup|run|test|lint|pot|coexist|bench|stop|clean|odoo DB [args]" ;;
esac
