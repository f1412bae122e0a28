#!/usr/bin/env python3
"""Benchmarks of the merchandising addon, with Odoo 18.0 as a library.

    bash tools/dev.sh bench [scenario] [options]        (or: make bench ARGS="...")

tools/dev.sh (re)creates the databases, then runs this file on them; without a
scenario it runs every one with its defaults and ends with one table of the
targets. See bench/README.md.

This file is the framework: the arguments, a fresh cursor per run, the
measure of an action (time, SQL queries, what it created), the profile
(--profile), the tables and the JSON in bench/results/. A scenario is a module
scenario_<name>.py listed in SCENARIOS with NAME, HELP, add_arguments(parser)
and run(bench, args) -> {'columns', 'rows', 'notes', 'targets', 'data'}; the
data they measure come from dataset.py, the client's calls from webclient.py.
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

SCENARIOS = ['scenario_orders', 'scenario_chase', 'scenario_forecast', 'scenario_pipeline', 'scenario_form', 'scenario_otd']
ADDON = 'merchandising'


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


class Unavailable(Exception):
    """A scenario that cannot run on this database (a model missing): the
    table of targets says so instead of failing."""


class Bench:
    """The database and the measuring tools a scenario works with."""

    def __init__(self, database, results=RESULTS):
        from odoo.modules.registry import Registry
        self.database = database
        self.registry = Registry(database)
        self.results = results

    Unavailable = Unavailable

    @staticmethod
    def queries_cell(figures):
        """The median query count, with the range when the runs differ."""
        if figures['queries_min'] == figures['queries_max']:
            return str(figures['queries'])
        return '%d (%d-%d)' % (figures['queries'], figures['queries_min'], figures['queries_max'])

    def other(self, database):
        """The same tools on another database (the order scenario's baselines)."""
        return Bench(database, self.results)

    @contextlib.contextmanager
    def exclusive(self):
        """A PostgreSQL advisory lock for the whole scenario: a second
        benchmark on the same database waits (two would slow each other down
        and their data would collide)."""
        key = 0x62656e6368  # 'bench'
        with contextlib.closing(self.registry.cursor()) as cr:
            cr._cnx.autocommit = True
            cr.execute('SELECT pg_try_advisory_lock(%s)', (key,))
            if not cr.fetchone()[0]:
                log('Another benchmark is running on %s: waiting for it to finish' % self.database)
                cr.execute('SELECT pg_advisory_lock(%s)', (key,))
            try:
                yield
            finally:
                cr.execute('SELECT pg_advisory_unlock(%s)', (key,))

    @contextlib.contextmanager
    def env(self, commit=False):
        """A fresh cursor and environment (empty caches) as the superuser,
        rolled back at the end unless ``commit``."""
        from odoo import SUPERUSER_ID, api
        with contextlib.closing(self.registry.cursor()) as cr:
            try:
                yield api.Environment(cr, SUPERUSER_ID, {})
                if commit:
                    cr.commit()
                else:
                    cr.rollback()
            except BaseException:
                cr.rollback()
                raise

    @staticmethod
    def call(action, env):
        """The action, then what a commit would do before committing: the
        pending writes and the precommit hooks (18.0 posts the tracking
        messages there); the caller rolls back."""
        action(env)
        env.cr.flush()

    def measure(self, action, runs=3, warmup=1, counters=None):
        """action(env) warmup + runs times, each on a fresh cursor rolled back,
        so that every run starts from the same data. Time (perf_counter) and
        queries (cr.sql_log_count) cover the action; counters(env) -> {name:
        number} is read before and after it (the records it created). The
        warm-up runs fill Odoo's caches like a running server's."""
        measured = []
        for index in range(warmup + runs):
            with self.env() as env:
                before = counters(env) if counters else {}
                env.cr.sql_log_count = 0
                start = time.perf_counter()
                self.call(action, env)
                seconds = time.perf_counter() - start
                queries = env.cr.sql_log_count
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
        return {'runs': len(measured), 'warmup': warmup, 'median_s': statistics.median(times),
                'min_s': min(times), 'max_s': max(times), 'queries': int(statistics.median(queries)),
                'queries_min': min(queries), 'queries_max': max(queries),
                'created': measured[-1]['created'], 'all_runs': measured}

    def profile(self, action, label, top=15):
        """Two more runs, rolled back: one recording each query and each ORM
        fetch with the code that caused it, one under cProfile. Prints where
        the queries and the time go, saves the cProfile data in
        bench/results/<label>.prof, returns a summary for the JSON."""
        log('Profiling %s' % label)
        recorder = Recorder()
        with self.env() as env, recorder:
            self.call(action, env)
        profiler = cProfile.Profile()
        with self.env() as env:
            profiler.enable()
            self.call(action, env)
            profiler.disable()
        os.makedirs(self.results, exist_ok=True)
        prof_path = os.path.join(self.results, '%s.prof' % label)
        profiler.dump_stats(prof_path)
        stats = pstats.Stats(profiler)
        summary = {
            'queries': recorder.count,
            'query_ms': round(recorder.total * 1000, 1),
            'by_text': [{'query': text[:2000], 'count': count, 'ms': round(sec * 1000, 1)}
                        for text, (count, sec) in recorder.top(recorder.texts)],
            'by_site': [{'site': site, 'count': count, 'ms': round(sec * 1000, 1)}
                        for site, (count, sec) in recorder.top(recorder.sites)],
            'fetches': [{'field': field, 'site': site, 'calls': calls, 'records': records,
                         'ms': round(sec * 1000, 1)}
                        for (field, site), (calls, records, sec) in
                        sorted(recorder.fetches.items(), key=lambda item: -item[1][2])],
            'addon_methods': top_functions(stats, top, addon_only=True),
            'functions': top_functions(stats, top),
            'cprofile_file': os.path.relpath(prof_path, ROOT),
        }

        def short(text, width=150):
            return text if len(text) <= width else text[:width - 3] + '...'
        print('\nProfile %s: %d queries, %.0f ms in PostgreSQL' % (label, recorder.count, recorder.total * 1000))
        print('\nQueries by text (numbers folded), most frequent first:')
        print_table(['count', 'ms', 'query'], [
            [row['count'], '%.0f' % row['ms'], short(row['query'])] for row in summary['by_text'][:top]])
        print('\nQueries by sender (the ORM function, then the addon methods above it):')
        print_table(['count', 'ms', 'sent by'], [
            [row['count'], '%.0f' % row['ms'], row['site']] for row in summary['by_site'][:top]])
        print('\nORM fetches (a field read that was not in the cache), by time:')
        print_table(['calls', 'records', 'ms', 'field', 'read at'], [
            [row['calls'], row['records'], '%.0f' % row['ms'], row['field'], row['site']]
            for row in summary['fetches'][:top]])
        for key, title in (('addon_methods', 'Addon methods'), ('functions', 'All functions')):
            print('\n%s by cumulative time (cProfile, %s):' % (title, summary['cprofile_file']))
            print_table(['calls', 'own s', 'cumulative s', 'function'], [
                [f['calls'], '%.3f' % f['tottime'], '%.3f' % f['cumtime'], f['function']]
                for f in summary[key]])
        print()
        return summary


class Recorder:
    """While active, records every query (its text with the numbers folded,
    its time, who sent it) and every fetch of the ORM (a field read that
    missed the cache: which field, how many records, from where)."""

    def __init__(self):
        import odoo.models
        import odoo.sql_db
        self.patches = [(odoo.sql_db.Cursor, 'execute', self._execute),
                        (odoo.models.BaseModel, '_fetch_field', self._fetch_field)]
        self.odoo_dir = os.path.dirname(odoo.sql_db.__file__) + os.sep
        self.addons_dir = self.odoo_dir + 'addons' + os.sep
        self.addon_dir = addon_dir()
        self.texts = collections.defaultdict(lambda: [0, 0.0])
        self.sites = collections.defaultdict(lambda: [0, 0.0])
        self.fetches = collections.defaultdict(lambda: [0, 0, 0.0])
        self.count, self.total = 0, 0.0

    def __enter__(self):
        self.originals = [(cls, name, cls.__dict__[name]) for cls, name, dummy in self.patches]
        for cls, name, wrapper in self.patches:
            setattr(cls, name, wrapper(cls.__dict__[name]))
        return self

    def __exit__(self, *exc):
        for cls, name, original in self.originals:
            setattr(cls, name, original)

    def _execute(self, original):
        recorder = self

        def execute(cursor, query, params=None, log_exceptions=True):
            start = time.perf_counter()
            try:
                return original(cursor, query, params, log_exceptions)
            finally:
                recorder.add_query(query, time.perf_counter() - start, sys._getframe(1))
        return execute

    def _fetch_field(self, original):
        recorder = self

        def _fetch_field(model, field):
            records = len(model)    # the field's __get__ gives the records missing it
            start = time.perf_counter()
            try:
                return original(model, field)
            finally:
                row = recorder.fetches['%s.%s' % (model._name, field.name),
                                       recorder.site(sys._getframe(1), with_core=False)]
                row[0] += 1
                row[1] += records
                row[2] += time.perf_counter() - start
        return _fetch_field

    def add_query(self, query, seconds, frame):
        text = getattr(query, 'code', query)
        if isinstance(text, bytes):
            text = text.decode('utf-8', 'replace')
        text = re.sub(r'\s+', ' ', str(text)).strip()
        text = re.sub(r'\b\d+\b', 'N', text)
        text = re.sub(r'\((?:N, )+N\)', '(N, ...)', text)
        self.count += 1
        self.total += seconds
        for table, key in ((self.texts, text), (self.sites, self.site(frame))):
            table[key][0] += 1
            table[key][1] += seconds

    def site(self, frame, with_core=True, depth=3):
        """'orm_function < addon_method < ...': the innermost function of
        Odoo's core, then up to ``depth`` methods of addons (ours with their
        line)."""
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
        return sorted(table.items(), key=lambda item: (-item[1][0], -item[1][1]))


def addon_dir():
    module = importlib.import_module('odoo.addons.' + ADDON)
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep


def top_functions(stats, top, addon_only=False):
    """Odoo's and the addon's functions with the most cumulative time."""
    import odoo
    odoo_dir = os.path.dirname(odoo.__file__) + os.sep
    addon = addon_dir()
    rows = []
    for (path, line, name), (dummy, calls, tottime, cumtime, dummy2) in stats.stats.items():
        if path.startswith(addon):
            short = os.path.relpath(path, os.path.dirname(os.path.dirname(addon)))
        elif not addon_only and path.startswith(odoo_dir):
            short = os.path.relpath(path, os.path.dirname(odoo_dir))
        else:
            continue
        rows.append({'function': '%s:%d(%s)' % (short, line, name), 'calls': calls,
                     'tottime': round(tottime, 4), 'cumtime': round(cumtime, 4)})
    rows.sort(key=lambda row: -row['cumtime'])
    return rows[:top]


# --- output -----------------------------------------------------------------------

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
    info = {'cores': os.cpu_count(), 'python': platform.python_version(),
            'load_average': [round(x, 2) for x in os.getloadavg()]}
    with open('/proc/meminfo') as meminfo:
        info['memory_gib'] = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
    with open('/proc/cpuinfo') as cpuinfo:
        info['cpu'] = next((line.split(':', 1)[1].strip() for line in cpuinfo if line.startswith('model name')), None)
    import odoo.release
    with bench.env() as env:
        env.cr.execute('SHOW server_version')
        info['postgresql'] = env.cr.fetchone()[0]
    info.update(odoo=odoo.release.version, git_commit=git('rev-parse', 'HEAD'),
                # The addon is often measured before it is committed.
                addon_modified=bool(git('status', '--porcelain', '--', ADDON)), addon_sha1=addon_sha1())
    return info


def addon_sha1():
    digest = hashlib.sha1()
    folder = os.path.join(ROOT, ADDON)
    for base, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith('.pyc'):
                path = os.path.join(base, name)
                digest.update(os.path.relpath(path, folder).encode())
                with open(path, 'rb') as f:
                    digest.update(hashlib.sha1(f.read()).digest())
    return digest.hexdigest()


def write_json(bench, name, options, result, started, load_before):
    os.makedirs(bench.results, exist_ok=True)
    path = os.path.join(bench.results, '%s-%s.json' % (name, started.strftime('%Y-%m-%d')))
    machine = machine_info(bench)
    machine['load_average_before'] = load_before
    payload = {'scenario': name, 'date': started.isoformat(timespec='seconds'), 'database': bench.database,
               'options': options, 'machine': machine}
    payload.update({key: result.get(key) for key in ('columns', 'rows', 'notes', 'targets')})
    payload.update(result.get('data', {}))
    with open(path, 'w') as f:
        json.dump(payload, f, indent=2, default=str)
        f.write('\n')
    return path


def load():
    return [round(x, 2) for x in os.getloadavg()]


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    modules = [importlib.import_module(name) for name in SCENARIOS]
    parser = argparse.ArgumentParser(
        description="Benchmarks of the merchandising addon (bench/README.md). Without a scenario "
                    "(or with 'all'), every one with its defaults, then one table of the targets.")
    parser.add_argument('--config', required=True, help="Odoo's configuration file")
    parser.add_argument('--database', required=True, help="database with merchandising, without demo data")
    parser.add_argument('--base-database', help="the orders scenario's baseline: sale_management and "
                                                "sale_stock only, without demo data")
    parser.add_argument('--deps-database', help="the orders scenario's second baseline: the addon's "
                                                "dependencies without the addon, without demo data")
    parser.add_argument('--log-level', default='warn', help="Odoo's log level (default: warn)")
    parser.add_argument('--no-json', action='store_true', help="write no bench/results/*.json")
    subparsers = parser.add_subparsers(dest='scenario', metavar='scenario')
    for module in modules:
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        sub.add_argument('--runs', type=int, default=3, help="measured runs per size (default: 3; pipeline, form: 5)")
        sub.add_argument('--warmup', type=int, default=1, help="runs first, unmeasured, to fill the caches (default: 1; pipeline, form: 3)")
        sub.add_argument('--profile', action='store_true',
                         help="then profile each measure: queries by text and sender, the ORM's fetches, "
                              "cProfile (bench/results/*.prof)")
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    if 'all' in argv:
        argv.remove('all')
    args = parser.parse_args(argv)
    todo = ([(args.module, args)] if args.scenario else
            [(module, parser.parse_args(argv + [module.NAME])) for module in modules])

    import odoo
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=%s' % args.log_level])
    bench = Bench(args.database)
    targets, first = [], datetime.datetime.now()
    for module, scenario_args in todo:
        started, load_before = datetime.datetime.now(), load()
        log('Scenario %s on %s (load average %s)' % (module.NAME, args.database, ' '.join(map(str, load_before))))
        try:
            with bench.exclusive():
                result = module.run(bench, scenario_args)
        except Unavailable as error:
            print('\n%s — not available: %s' % (module.NAME, error))
            targets.append([module.NAME, 'its targets', '-', '-', 'not available (%s)' % error])
            continue
        print('\n%s — %s (load average %s before, %s after)\n' % (
            module.NAME, module.HELP, ' '.join(map(str, load_before)), ' '.join(map(str, load()))))
        print_table(result['columns'], result['rows'])
        for note in result.get('notes', []):
            print(note)
        targets += [[module.NAME] + row for row in result.get('targets', [])]
        if not args.no_json:
            options = {key: value for key, value in vars(scenario_args).items() if key != 'module'}
            path = write_json(bench, module.NAME, options, result, started, load_before)
            print('\nWrote %s' % os.path.relpath(path, ROOT))
    if len(todo) > 1:
        summary = {'columns': ['scenario', 'measure', 'figure', 'target', 'holds'], 'rows': targets}
        print('\nTargets of every scenario (load average now %s)\n' % ' '.join(map(str, load())))
        print_table(summary['columns'], summary['rows'])
        if not args.no_json:
            path = write_json(bench, 'all', {}, summary, first, None)
            print('\nWrote %s' % os.path.relpath(path, ROOT))
    return 0


if __name__ == '__main__':
    sys.exit(main())
