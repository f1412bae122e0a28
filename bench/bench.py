#!/usr/bin/env python3
"""Benchmarks of the merchandising addon, with Odoo 11 as a library.

    bash tools/dev.sh bench [scenario] [options]        (or: make bench ARGS="...")

tools/dev.sh (re)creates the database first, then runs
    .local/venv/bin/python bench/bench.py --config .local/odoo-bench.conf \\
        --database merchandising_bench chase --sizes 10000,100000 --runs 3

This file is the framework: arguments, the connection to the database, the
measurement of an action (time, SQL queries, what it created), the optional
profile (--profile: queries grouped by text and by the methods that sent them,
the ORM's prefetches and cache invalidations, cProfile), the table and the
JSON result in bench/results/<scenario>-<date>.json.
Each scenario is a module scenario_<name>.py listed in SCENARIOS, with
    NAME, HELP                 its sub-command and one line of help
    add_arguments(parser)      its own options
    run(bench, args)           generates its data, measures through
                               bench.measure(...) and returns a dict
                               {'columns': [...], 'rows': [[...]],
                                'notes': [lines], 'data': {... for the JSON}}
"""
import argparse
import collections
import contextlib
import cProfile
import datetime
import hashlib
import importlib
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, 'results')
sys.path.insert(0, HERE)

# One module per scenario (bench/scenario_<name>.py).
SCENARIOS = ['scenario_orders', 'scenario_chase', 'scenario_pipeline', 'scenario_form', 'scenario_otd']
# The addon measured: its frames are named with their line in the profiles.
ADDON = 'merchandising'


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


class Bench:
    """The database and the measuring tools a scenario works with."""

    def __init__(self, config, database, log_level='warn', results=RESULTS, parse=True):
        import odoo
        self.odoo = odoo
        if parse:
            # (Once per process: Odoo 11's configuration cannot be parsed twice.)
            odoo.tools.config.parse_config(['-c', config, '--log-level=%s' % log_level])
        self.config, self.log_level = config, log_level
        self.database = database
        self.registry = odoo.registry(database)
        self.results = results

    def other(self, database):
        """The same tools on another database (the orders scenario's baseline)."""
        return Bench(self.config, database, self.log_level, self.results, parse=False)

    @contextlib.contextmanager
    def exclusive(self):
        """Hold a PostgreSQL advisory lock for the whole benchmark: a second
        benchmark on the same database waits for the first (two at once would
        slow each other down, and their data generations would collide)."""
        key = 0x62656e6368  # 'bench'
        cr = self.registry.cursor()
        cr.autocommit(True)
        try:
            cr.execute('SELECT pg_try_advisory_lock(%s)', (key,))
            if not cr.fetchone()[0]:
                log('Another benchmark is running on %s: waiting for it to finish' % self.database)
                cr.execute('SELECT pg_advisory_lock(%s)', (key,))
            yield
        finally:
            try:
                cr.execute('SELECT pg_advisory_unlock(%s)', (key,))
            finally:
                cr.close()

    @contextlib.contextmanager
    def env(self, commit=False):
        """A fresh cursor and environment (fresh caches) as the superuser;
        rolled back at the end unless commit."""
        odoo = self.odoo
        with odoo.api.Environment.manage():
            cr = self.registry.cursor()
            try:
                yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                if commit:
                    cr.commit()
                else:
                    cr.rollback()
            except BaseException:
                cr.rollback()
                raise
            finally:
                cr.close()

    # --- measuring ------------------------------------------------------------

    def _call(self, action, env):
        action(env)
        # Odoo 13+ delays writes until a flush; 11.0 writes at once (no flush).
        flush = getattr(env['base'], 'flush', None)
        if flush:
            flush()

    def measure(self, action, runs=3, warmup=1, counters=None):
        """Run action(env) warmup + runs times, each on a fresh cursor rolled
        back afterwards, so that every run starts from the same state.

        Time (perf_counter) and SQL query count (cr.sql_log_count) cover the
        action only. counters(env) -> {name: number} is read before and after
        (outside the measure); the result gives the differences, e.g. the
        records the action created. Warm-up runs fill Odoo's caches (ormcache)
        like a long-running server's and are left out of the figures."""
        measured = []
        for index in range(warmup + runs):
            with self.env() as env:
                cr = env.cr
                before = counters(env) if counters else {}
                cr.sql_log_count = 0
                start = time.perf_counter()
                self._call(action, env)
                seconds = time.perf_counter() - start
                queries = cr.sql_log_count
                after = counters(env) if counters else {}
            run = {'seconds': seconds, 'queries': queries,
                   'created': {name: after[name] - before[name] for name in after}}
            kind = 'warm-up' if index < warmup else 'run %d/%d' % (index - warmup + 1, runs)
            log('  %s: %.3f s, %d queries%s' % (kind, seconds, queries, ''.join(
                ', %s +%d' % item for item in sorted(run['created'].items()))))
            if index >= warmup:
                measured.append(run)
        times = [run['seconds'] for run in measured]
        queries = [run['queries'] for run in measured]
        return {
            'runs': len(measured),
            'warmup': warmup,
            'median_s': statistics.median(times),
            'min_s': min(times),
            'max_s': max(times),
            'queries': int(statistics.median(queries)),
            'queries_min': min(queries),
            'queries_max': max(queries),
            'created': measured[-1]['created'],
            'all_runs': measured,
        }

    # --- profiling ------------------------------------------------------------

    def profile(self, action, label, top=15):
        """Two more runs (rolled back): one recording every query and the ORM's
        cache traffic with the code that caused them, one under cProfile.
        Prints where the queries and the time go, saves the cProfile data,
        and returns a summary for the JSON."""
        log('Profiling %s' % label)
        recorder = Recorder()
        with self.env() as env, recorder:
            self._call(action, env)
        profiler = cProfile.Profile()
        with self.env() as env:
            profiler.enable()
            self._call(action, env)
            profiler.disable()
        os.makedirs(self.results, exist_ok=True)
        prof_path = os.path.join(self.results, '%s.prof' % label)
        profiler.dump_stats(prof_path)
        stats = pstats.Stats(profiler)
        methods = top_functions(stats, top, addons_only=True)
        functions = top_functions(stats, top)
        summary = {
            'queries': recorder.count,
            'query_ms': round(recorder.total * 1000, 1),
            'by_text': [{'query': text[:2000], 'count': count, 'ms': round(sec * 1000, 1)}
                        for text, count, sec in recorder.top(recorder.texts)],
            'by_site': [{'site': site, 'count': count, 'ms': round(sec * 1000, 1)}
                        for site, count, sec in recorder.top(recorder.sites)],
            'prefetches': [{'field': key[0], 'site': key[1], 'calls': calls, 'records': records,
                            'seconds': round(sec, 3)}
                           for key, (calls, records, sec) in recorder.top_prefetches()],
            'invalidations': [{'what': key[0], 'site': key[1], 'calls': calls}
                              for key, calls in recorder.top_invalidations()],
            'methods': methods,
            'functions': functions,
            'cprofile_file': os.path.relpath(prof_path, ROOT),
        }

        def short(text, width=150):
            return text if len(text) <= width else text[:width - 3] + '...'
        print('\nProfile %s: %d queries, %.0f ms waiting for PostgreSQL'
              % (label, recorder.count, recorder.total * 1000))
        print('\nQueries by text (numbers folded), most frequent first:')
        print_table(['count', 'ms', 'query'], [
            [row['count'], '%.0f' % row['ms'], short(row['query'])] for row in summary['by_text'][:top]])
        print('\nQueries by sender (the ORM function, then the addon methods above it, innermost first):')
        print_table(['count', 'ms', 'sent by'], [
            [row['count'], '%.0f' % row['ms'], row['site']] for row in summary['by_site'][:top]])
        print('\nORM prefetches (a field read that missed the cache and read it for the '
              'prefetched records), by time:')
        print_table(['calls', 'records read', 's', 'field', 'read at'], [
            [row['calls'], row['records'], '%.2f' % row['seconds'], row['field'], row['site']]
            for row in summary['prefetches'][:top]])
        print('\nCache invalidations (what was dropped, and who dropped it):')
        print_table(['calls', 'dropped', 'by'], [
            [row['calls'], row['what'], row['site']] for row in summary['invalidations'][:top]])
        print('\nAddon methods by cumulative time (cProfile, %s):' % os.path.relpath(prof_path, ROOT))
        print_table(['calls', 'own s', 'cumulative s', 'method'], [
            [f['calls'], '%.3f' % f['tottime'], '%.3f' % f['cumtime'], f['function']] for f in methods])
        print('\nAll functions by cumulative time (cProfile):')
        print_table(['calls', 'own s', 'cumulative s', 'function'], [
            [f['calls'], '%.3f' % f['tottime'], '%.3f' % f['cumtime'], f['function']] for f in functions])
        print()
        return summary


class Recorder:
    """While active, records
    - every query sent through odoo.sql_db.Cursor: its text (numbers folded),
      its duration, and who sent it (the ORM function, then the addon methods
      above it);
    - every prefetch of the ORM (a field read that was not in the cache, which
      reads it with the other fields for up to 1000 records): the field, the
      records read, the time, the code that read the field;
    - every cache invalidation: of what, by whom.
    """

    def __init__(self):
        import odoo.models
        import odoo.sql_db
        self.patches = [
            (odoo.sql_db.Cursor, 'execute', self._execute),
            (odoo.models.BaseModel, '_prefetch_field', self._prefetch_field),
            (odoo.models.BaseModel, 'invalidate_cache', self._invalidate_cache),
        ]
        self.odoo_dir = os.path.dirname(odoo.sql_db.__file__) + os.sep
        self.addons_dir = self.odoo_dir + 'addons' + os.sep
        self.addon_dir = addon_dir()
        self.texts = collections.defaultdict(lambda: [0, 0.0])
        self.sites = collections.defaultdict(lambda: [0, 0.0])
        self.prefetches = collections.defaultdict(lambda: [0, 0, 0.0])
        self.invalidations = collections.Counter()
        self.count, self.total = 0, 0.0

    def __enter__(self):
        self.originals = []
        for cls, name, wrapper in self.patches:
            original = cls.__dict__[name]
            self.originals.append((cls, name, original))
            setattr(cls, name, wrapper(original))
        return self

    def __exit__(self, *exc):
        for cls, name, original in self.originals:
            setattr(cls, name, original)

    def _execute(self, original):
        recorder = self

        def execute(cursor, query, params=None, log_exceptions=None):
            start = time.perf_counter()
            try:
                return original(cursor, query, params, log_exceptions)
            finally:
                recorder.add_query(query, time.perf_counter() - start, sys._getframe(1))
        return execute

    def _prefetch_field(self, original):
        recorder = self

        def _prefetch_field(model, field):
            records = len(model._in_cache_without(field))
            start = time.perf_counter()
            try:
                return original(model, field)
            finally:
                row = recorder.prefetches['%s.%s' % (model._name, field.name),
                                          recorder.site(sys._getframe(1), with_core=False)]
                row[0] += 1
                row[1] += records
                row[2] += time.perf_counter() - start
        return _prefetch_field

    def _invalidate_cache(self, original):
        recorder = self

        def invalidate_cache(model, fnames=None, ids=None):
            if fnames is None and ids is None:
                what = 'the whole cache (every model)'
            else:
                what = '%s: %s of %s' % (model._name, 'all fields' if fnames is None else ', '.join(sorted(fnames)),
                                         'all records' if ids is None else '%d record(s)' % len(ids))
            recorder.invalidations[what, recorder.site(sys._getframe(1), with_core=False)] += 1
            return original(model, fnames, ids)
        return invalidate_cache

    def add_query(self, query, seconds, frame):
        if isinstance(query, bytes):
            query = query.decode('utf-8', 'replace')
        text = re.sub(r'\s+', ' ', query).strip()
        text = re.sub(r'\b\d+\b', 'N', text)
        text = re.sub(r'\((?:N, )+N\)', '(N, ...)', text)
        self.count += 1
        self.total += seconds
        self.texts[text][0] += 1
        self.texts[text][1] += seconds
        site = self.site(frame)
        self.sites[site][0] += 1
        self.sites[site][1] += seconds

    def site(self, frame, with_core=True, depth=3):
        """'core_function < addon_method < addon_method' for the innermost
        frames: the core (odoo/*.py) function first, then up to `depth` methods
        of addons (odoo/addons/..., the project's with their line)."""
        core, addons = None, []
        while frame and len(addons) < depth:
            path = frame.f_code.co_filename
            module = os.path.basename(path)[:-3]
            if path.startswith(self.addon_dir):
                addons.append('%s:%s:%d' % (module, frame.f_code.co_name, frame.f_lineno))
            elif path.startswith(self.addons_dir):
                name = '%s:%s' % (module, frame.f_code.co_name)
                if not addons or addons[-1] != name:
                    addons.append(name)
            elif with_core and core is None and path.startswith(self.odoo_dir) and not path.endswith('sql_db.py'):
                core = '%s:%s' % (module, frame.f_code.co_name)
            frame = frame.f_back
        return ' < '.join(([core] if core else []) + addons)

    @staticmethod
    def top(table):
        return sorted(((key, count, sec) for key, (count, sec) in table.items()), key=lambda x: (-x[1], -x[2]))

    def top_prefetches(self):
        return sorted(self.prefetches.items(), key=lambda item: -item[1][2])

    def top_invalidations(self):
        return self.invalidations.most_common()


def addon_dir():
    """The folder of the addon Odoo loaded (normally ROOT/merchandising/)."""
    module = importlib.import_module('odoo.addons.' + ADDON)
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep


def top_functions(stats, top, addons_only=False):
    """The functions of Odoo and the project with the most cumulative time;
    addons_only: those of addons (odoo/addons/*, the project), not the ORM's."""
    import odoo
    odoo_dir = os.path.dirname(odoo.__file__) + os.sep
    addon = addon_dir()
    rows = []
    for (path, line, name), (cc, calls, tottime, cumtime, dummy) in stats.stats.items():
        if path.startswith(addon):
            short = os.path.relpath(path, os.path.dirname(os.path.dirname(addon)))
        elif path.startswith(odoo_dir + 'addons' + os.sep) or (path.startswith(odoo_dir) and not addons_only):
            short = os.path.relpath(path, os.path.dirname(odoo_dir))
        else:
            continue
        rows.append({'function': '%s:%d(%s)' % (short, line, name), 'calls': calls,
                     'tottime': round(tottime, 4), 'cumtime': round(cumtime, 4)})
    rows.sort(key=lambda row: -row['cumtime'])
    return rows[:top]


# --- output -------------------------------------------------------------------

def print_table(columns, rows):
    """A Markdown table, columns aligned."""
    cells = [[str(c) for c in columns]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]

    def line(row):
        return '| ' + ' | '.join(cell.ljust(width) for cell, width in zip(row, widths)) + ' |'
    print(line(cells[0]))
    print('|' + '|'.join('-' * (width + 2) for width in widths) + '|')
    for row in cells[1:]:
        print(line(row))


def machine_info(bench):
    def git(*args):
        try:
            return subprocess.check_output(('git', '-C', ROOT) + args, stderr=subprocess.DEVNULL).decode().strip()
        except (OSError, subprocess.CalledProcessError):
            return None
    memory = None
    try:
        with open('/proc/meminfo') as meminfo:
            for line in meminfo:
                if line.startswith('MemTotal:'):
                    memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = platform.processor() or None
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            for line in cpuinfo:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    with bench.env() as env:
        env.cr.execute('SHOW server_version')
        postgresql = env.cr.fetchone()[0]
    return {
        'cores': os.cpu_count(),
        'memory_gib': memory,
        'cpu': cpu,
        'python': platform.python_version(),
        'odoo': bench.odoo.release.version,
        'postgresql': postgresql,
        'git_commit': git('rev-parse', 'HEAD'),
        # The addon is often benchmarked before it is committed.
        'addon_modified': bool(git('status', '--porcelain', '--', 'merchandising')),
        'addon_sha1': addon_sha1(),
    }


def addon_sha1():
    """A hash of the addon's files as they are (committed or not)."""
    digest = hashlib.sha1()
    folder = os.path.join(ROOT, 'merchandising')
    for base, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith('.pyc'):
                continue
            path = os.path.join(base, name)
            digest.update(os.path.relpath(path, folder).encode())
            with open(path, 'rb') as f:
                digest.update(hashlib.sha1(f.read()).digest())
    return digest.hexdigest()


def write_json(bench, scenario, args, result, started):
    os.makedirs(bench.results, exist_ok=True)
    path = os.path.join(bench.results, '%s-%s.json' % (scenario, started.strftime('%Y-%m-%d')))
    options = {key: value for key, value in vars(args).items() if key not in ('module',)}
    payload = {
        'scenario': scenario,
        'date': started.isoformat(timespec='seconds'),
        'database': bench.database,
        'options': options,
        'machine': machine_info(bench),
        'columns': result['columns'],
        'rows': result['rows'],
        'notes': result.get('notes', []),
    }
    payload.update(result.get('data', {}))
    with open(path, 'w') as f:
        json.dump(payload, f, indent=2, default=str)
        f.write('\n')
    return path


def main(argv=None):
    modules = [importlib.import_module(name) for name in SCENARIOS]
    parser = argparse.ArgumentParser(
        description="Benchmarks of the merchandising addon (see bench/README.md). "
                    "Without a scenario, runs every one with its defaults.")
    parser.add_argument('--config', required=True, help="Odoo configuration file (.local/odoo-bench.conf)")
    parser.add_argument('--database', required=True, help="database with merchandising installed, without demo data")
    parser.add_argument('--base-database',
                        help="database with sale_management and sale_stock only, without demo data: the "
                             "baseline of the orders scenario (tools/dev.sh makes <database>_base)")
    parser.add_argument('--deps-database',
                        help="database with the addon's dependencies but not the addon, without demo data: "
                             "what the orders scenario's extra cost owes to them (tools/dev.sh makes "
                             "<database>_deps)")
    parser.add_argument('--log-level', default='warn', help="Odoo's log level (default: warn)")
    parser.add_argument('--no-json', action='store_true', help="do not write bench/results/<scenario>-<date>.json")
    subparsers = parser.add_subparsers(dest='scenario', metavar='scenario')
    for module in modules:
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        sub.add_argument('--runs', type=int, default=3, help="measured runs per size (default: 3)")
        sub.add_argument('--warmup', type=int, default=1, help="unmeasured runs first, to fill the caches (default: 1)")
        sub.add_argument('--profile', action='store_true',
                         help="then profile each size (two more runs): queries by text and by sender, "
                              "the ORM's prefetches and cache invalidations, cProfile (bench/results/*.prof)")
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    args = parser.parse_args(argv)
    if args.scenario:
        todo = [(args.module, args)]
    else:
        todo = [(module, parser.parse_args((argv or sys.argv[1:]) + [module.NAME])) for module in modules]

    targets, first = [], datetime.datetime.now()
    for index, (module, scenario_args) in enumerate(todo):
        bench = Bench(args.config, args.database, args.log_level, parse=index == 0)
        started = datetime.datetime.now()
        with bench.exclusive():
            log('Scenario %s on %s' % (module.NAME, args.database))
            result = module.run(bench, scenario_args)
        print('\n%s — %s\n' % (module.NAME, module.HELP))
        print_table(result['columns'], result['rows'])
        for note in result.get('notes', []):
            print(note)
        targets += [[module.NAME] + row for row in result.get('targets', [])]
        if not args.no_json:
            path = write_json(bench, module.NAME, scenario_args, result, started)
            print('\nWrote %s' % os.path.relpath(path, ROOT))
    if len(todo) > 1:
        # Every scenario: one table of the targets and whether they hold.
        summary = {'columns': ['scenario', 'measure', 'figure', 'target', 'holds'], 'rows': targets,
                   'notes': []}
        print('\nTargets of every scenario\n')
        print_table(summary['columns'], summary['rows'])
        if not args.no_json:
            path = write_json(bench, 'all', args, summary, first)
            print('\nWrote %s' % os.path.relpath(path, ROOT))
    return 0


if __name__ == '__main__':
    sys.exit(main())
