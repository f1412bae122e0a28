"""What the 18.0 web client sends to the server when a user opens a view.

The client asks for the view (get_views), parses its arch and builds, for each
field it shows, a specification of what to read (web/static/src/model/
relational_model/utils.js: extractFieldsFromArchInfo, getFieldsSpec; the arch
parsers of web/static/src/views/{form,list,kanban}; the fields' widgets with
their fieldDependencies and relatedFields). This module does the same in
Python, for the widgets of the addon's views, so that the benchmarks send the
calls a browser sends:

    kanban  web_read_group(domain, aggregates, [default_group_by], lazy=True)
            with read_progress_bar, then web_search_read of each open
            column's first cards (the action's limit, 80; at most 10 columns:
            MAX_NUMBER_OPENED_GROUPS)
    list    web_search_read(domain, spec, limit=the action's, count_limit=10001)
    form    web_read(spec), the record with the first 40 rows of each list
            in it, in one call

A widget missing from WIDGETS reads like the plain field of its type.
Checked against the calls of the 18.0 client in Chromium (bench/README.md).
"""
import ast
import json

from lxml import etree

from odoo.tools.safe_eval import safe_eval

SUBLIST_LIMIT = 40                                      # field.js: a list in a form
COUNT_LIMIT = 10000 + 1                                 # relational_model.js: DEFAULT_COUNT_LIMIT + 1
MAX_OPEN_GROUPS = 10                                    # relational_model.js: MAX_NUMBER_OPENED_GROUPS
MAX_SAFE_INTEGER = 2 ** 53 - 1                          # kanban_controller.js: groupsLimit
X2MANY = ('one2many', 'many2many')

ACTIVITY = [{'name': 'activity_exception_decoration', 'type': 'selection'},
            {'name': 'activity_exception_icon', 'type': 'char'},
            {'name': 'activity_state', 'type': 'selection'},
            {'name': 'activity_summary', 'type': 'char'},
            {'name': 'activity_type_icon', 'type': 'char'},
            {'name': 'activity_type_id', 'type': 'many2one', 'relation': 'mail.activity.type'}]


def _tags(info):
    related = [{'name': 'display_name', 'type': 'char'}]
    if info['options'].get('color_field'):
        related.append({'name': info['options']['color_field'], 'type': 'integer'})
    return related


def _date_range(info):
    other = info['options'].get('start_date_field') or info['options'].get('end_date_field')
    return [{'name': other, 'type': info['type']}] if other else []


# The field registry's entries that change what is read (registry key as in
# getFieldFromRegistry: "<view type>.<widget>", "<widget>", "<view type>.<field
# type>", "<field type>"): relatedFields (a list of fields read on the target
# records), fieldDependencies (other fields of the record), useSubView (an
# x2many drawn with a list or kanban of its own).
WIDGETS = {
    'one2many': {'useSubView': True},
    'many2many': {'useSubView': True},
    'list.one2many': {},
    'list.many2many': {},
    'sol_o2m': {'useSubView': True},                                         # sale
    'section_and_note_one2many': {'useSubView': True},                       # account
    'many2many_tags': {'relatedFields': _tags},
    'kanban.many2many_tags': {'relatedFields': _tags},
    'many2many_tags_avatar': {'relatedFields': _tags},
    'many2many_avatar_user': {'relatedFields': _tags},
    'x2many_buttons': {'relatedFields': lambda info: [{'name': 'display_name', 'type': 'char'}]},  # account
    'many2many_binary': {'relatedFields': lambda info: [{'name': 'name', 'type': 'char'},
                                                        {'name': 'mimetype', 'type': 'char'}]},
    'kanban_activity': {'fieldDependencies': lambda info: ACTIVITY},         # mail
    'list_activity': {'fieldDependencies': lambda info: ACTIVITY},           # mail
    'activity_exception': {'fieldDependencies': lambda info: [{'name': 'activity_exception_icon', 'type': 'char'}]},
    'statusbar_duration': {'fieldDependencies': lambda info: [{'name': 'duration_tracking', 'type': 'json'}]},
    'image': {'fieldDependencies': lambda info: [{'name': 'write_date', 'type': 'datetime'}]},
    'signature': {'fieldDependencies': lambda info: [{'name': 'write_date', 'type': 'datetime'}]},
    'date': {'fieldDependencies': _date_range},
    'datetime': {'fieldDependencies': _date_range},
    'daterange': {'fieldDependencies': _date_range},
}


def _registry(field_type, widget, view_type):
    for key in ([widget] if widget else []) + [field_type]:
        for name in ('%s.%s' % (view_type, key), key):
            if name in WIDGETS:
                return WIDGETS[name]
    return {}


class Views:
    """The views of a model as get_views gives them to a user, and the
    specifications the client builds from them."""

    def __init__(self, model):
        self.model = model
        self.models = {}

    def arch(self, view_id, view_type, model=None):
        model = model if model is not None else self.model
        result = model.get_views([(view_id, view_type)])
        for name, info in result['models'].items():
            self.models.setdefault(name, {}).update(info['fields'])
        return etree.fromstring(result['views'][view_type]['arch'])

    # --- the arch parsers --------------------------------------------------------

    def parse(self, node, model_name, view_type):
        """{'fieldNodes': [field info...], 'limit', 'defaultOrder', 'defaultGroupBy'}"""
        parsed = {'fieldNodes': [], 'limit': node.get('limit') and int(node.get('limit')),
                  'defaultOrder': _order_by(node.get('default_order')), 'defaultGroupBy': node.get('default_group_by'),
                  'progressbar': None}
        handle = None

        def visit(element):
            if not isinstance(element.tag, str):
                return
            if element.tag == 'field':
                if view_type == 'kanban' and not element.get('widget') \
                        and self.models[model_name][element.get('name')]['type'] == 'many2many':
                    element.set('widget', 'many2many_tags')
                info = self.parse_field(element, model_name, view_type)
                parsed['fieldNodes'].append(info)
                nonlocal handle
                handle = handle or (info['name'] if info['widget'] == 'handle' else None)
                if view_type != 'kanban':
                    return          # the list and the form do not look inside a field
            elif element.tag == 'groupby' or (view_type == 'list' and element.tag in ('header', 'control')):
                return
            elif element.tag == 'progressbar':
                parsed['progressbar'] = {'colors': json.loads(element.get('colors') or '{}'),
                                         'field': element.get('field'), 'help': element.get('help') or ''}
            for child in element:
                visit(child)
        visit(node)
        if not parsed['defaultOrder'] and handle and view_type in ('list', 'kanban'):
            parsed['defaultOrder'] = _order_by('%s, id' % handle)
        return parsed

    def parse_field(self, node, model_name, view_type):
        """Field.parseFieldNode: what the client knows of a <field>."""
        name = node.get('name')
        field = self.models[model_name][name]
        info = {'name': name, 'type': field['type'], 'widget': node.get('widget'), 'context': node.get('context'),
                'invisible': node.get('invisible'), 'column_invisible': node.get('column_invisible'),
                'options': safe_eval(node.get('options') or '{}', {'true': True, 'false': False}),
                'views': {}, 'viewMode': None}
        if info['column_invisible'] == 'True':
            info['invisible'] = 'True'
        info['field'] = entry = _registry(field['type'], info['widget'], view_type)
        if field['type'] in X2MANY:
            related = entry.get('relatedFields')
            if related:
                related = {f['name']: dict(f) for f in related(info)}
                info['views']['default'] = {'fieldNodes': [self._dependency(f) for f in related.values()],
                                            'fields': related, 'limit': None, 'defaultOrder': None}
                if not entry.get('useSubView'):
                    info['viewMode'] = 'default'
            for child in node:
                if isinstance(child.tag, str) and child.tag in ('list', 'kanban', 'form'):
                    sub = self.parse(child, field['relation'], child.tag)
                    sub.update(limit=sub['limit'] or SUBLIST_LIMIT, fields=self.models[field['relation']])
                    info['views'][child.tag] = sub
            mode = node.get('mode')
            if mode:
                info['viewMode'] = 'list' if ',' in mode else mode
            elif 'list' in info['views']:
                info['viewMode'] = 'list'
            elif 'kanban' in info['views']:
                info['viewMode'] = 'kanban'
        return info

    def _load_sub_view(self, info, field):
        """form_controller.js loadSubViews: the comodel's own list for a list
        of the form that has none inline."""
        if field['type'] not in X2MANY or not info['field'].get('useSubView') or info['invisible'] in ('True', '1'):
            return
        mode = info['viewMode'] or 'list'
        info['viewMode'] = mode = 'list' if ',' in mode else mode
        if mode in info['views']:
            return
        comodel = self.model.env[field['relation']]
        sub = self.parse(self.arch(False, mode, comodel), field['relation'], mode)
        sub.update(limit=sub['limit'] or SUBLIST_LIMIT, fields=self.models[field['relation']])
        info['views'][mode] = sub

    @staticmethod
    def _dependency(field):
        return {'name': field['name'], 'type': field['type'], 'widget': None, 'context': None,
                'invisible': None, 'column_invisible': None, 'options': {}, 'views': {}, 'viewMode': None,
                'field': {}}

    # --- extractFieldsFromArchInfo ---------------------------------------------------

    def active_fields(self, parsed, fields):
        active = {}
        for node in parsed['fieldNodes']:
            name = node['name']
            item = _active(context=node['context'], invisible=_combine(node['invisible'], node['column_invisible'], 'OR'))
            if fields[name]['type'] in X2MANY:
                item['related'] = {'activeFields': {}, 'fields': {}}
                descr = node['views'].get(node['viewMode']) if node['views'] else None
                if descr:
                    item['related'] = {'activeFields': self.active_fields(descr, descr['fields']),
                                       'fields': descr['fields']}
                    item['limit'] = descr['limit']
                    item['defaultOrder'] = descr['defaultOrder']
                    if 'form' in node['views']:
                        form = node['views']['form']
                        for fname, extra in self.active_fields(form, form['fields']).items():
                            extra = dict(extra, invisible='True')
                            if fname in item['related']['activeFields']:
                                _complete(item['related']['activeFields'][fname], extra)
                            else:
                                item['related']['activeFields'][fname] = extra
                    if node['viewMode'] != 'default' and 'default' in node['views']:
                        default = node['views']['default']
                        for fname, extra in self.active_fields(default, default['fields']).items():
                            if fname in item['related']['activeFields']:
                                _patch(item['related']['activeFields'][fname], extra)
                            else:
                                item['related']['activeFields'][fname] = dict(extra)
                        item['related']['fields'] = dict(default['fields'], **item['related']['fields'])
            if name in active:
                _patch(active[name], item)
            else:
                active[name] = item
            dependencies = node['field'].get('fieldDependencies')
            if dependencies:
                _add_dependencies(active, fields, dependencies(node))
        return active

    # --- getFieldsSpec ---------------------------------------------------------------

    def spec(self, active, fields, eval_context, with_invisible=False):
        spec = {}
        for name, item in active.items():
            field_type = fields[name]['type']
            always_invisible = item['invisible'] in ('True', '1')
            spec[name] = entry = {}
            if field_type in X2MANY:
                related = item.get('related')
                if related and (with_invisible or not always_invisible):
                    entry['fields'] = self.spec(related['activeFields'], related['fields'], eval_context,
                                                with_invisible)
                    context = _field_context(item, fields[name], eval_context)
                    if context:
                        entry['context'] = context
                    if item.get('limit'):
                        entry['limit'] = item['limit']
                    if item.get('defaultOrder') is not None:
                        entry['order'] = ', '.join('%s %s' % (name, 'ASC' if asc else 'DESC')
                                                   for name, asc in item['defaultOrder'])
            elif field_type in ('many2one', 'reference'):
                entry['fields'] = {}
                if not always_invisible:
                    entry['fields']['display_name'] = {}
                    context = _field_context(item, fields[name], eval_context)
                    if context:
                        entry['context'] = context
        return spec

    def specification(self, view_id, view_type, eval_context):
        """(spec, parsed arch, active fields) of a view of the model."""
        parsed = self.parse(self.arch(view_id, view_type), self.model._name, view_type)
        fields = self.models[self.model._name]
        if view_type == 'form':
            for node in parsed['fieldNodes']:
                self._load_sub_view(node, fields[node['name']])
        active = self.active_fields(parsed, fields)
        if view_type == 'form':
            # The breadcrumb shows the record's name.
            _add_dependencies(active, fields, [{'name': 'display_name', 'type': 'char'}])
        parsed['aggregates'] = ['%s:%s' % (name, field['aggregator']) for name, field in fields.items()
                                if field.get('aggregator') and name in active and name != parsed['defaultGroupBy']]
        return self.spec(active, fields, eval_context), parsed, active


def _active(context=None, invisible=None):
    return {'context': context or '{}', 'invisible': invisible or 'False'}


def _combine(first, second, operator):
    if operator == 'AND':
        if not first or first == 'False' or not second or second == 'False':
            return 'False'
        if first == 'True':
            return second
        if second == 'True':
            return first
        return '(%s) and (%s)' % (first, second)
    if first == 'True' or second == 'True':
        return 'True'
    if not first or first == 'False':
        return second
    if not second or second == 'False':
        return first
    return '(%s) or (%s)' % (first, second)


def _patch(item, patch):
    item['invisible'] = _combine(item['invisible'], patch['invisible'], 'AND')
    if patch.get('related'):
        related = item.setdefault('related', {'activeFields': {}, 'fields': {}})
        for name, sub in patch['related']['activeFields'].items():
            if name in related['activeFields']:
                _patch(related['activeFields'][name], sub)
            else:
                related['activeFields'][name] = dict(sub)
        related['fields'].update(patch['related']['fields'])
    if 'limit' in patch:
        item['limit'] = patch['limit']
    if patch.get('defaultOrder'):
        item['defaultOrder'] = patch['defaultOrder']


def _order_by(text):
    """stringToOrderBy: [(field, ascending)]."""
    order = []
    for part in (text or '').split(','):
        words = part.split()
        if words:
            order.append((words[0], not (len(words) > 1 and words[1].lower() == 'desc')))
    return order


def _complete(item, extra):
    if extra.get('related') and item.get('related'):
        for name, sub in extra['related']['activeFields'].items():
            if name in item['related']['activeFields']:
                _complete(item['related']['activeFields'][name], sub)
            else:
                item['related']['activeFields'][name] = dict(sub)
        item['related']['fields'].update(extra['related']['fields'])


def _add_dependencies(active, fields, dependencies):
    for dependency in dependencies:
        item = _active()
        if dependency['type'] in X2MANY:
            item['related'] = {'activeFields': {}, 'fields': {}}
        if dependency['name'] in active:
            _patch(active[dependency['name']], item)
        else:
            active[dependency['name']] = item
        fields.setdefault(dependency['name'], dict(dependency))


def _field_context(item, field, eval_context):
    """getFieldContextForSpec: the node's context, its keys that evaluate
    without the record's values; else the field's own context."""
    context = item['context']
    if not context or context == '{}':
        return field.get('context') or None
    result = {}
    tree = ast.parse(context.strip(), mode='eval').body
    if isinstance(tree, ast.Dict):
        for key, value in zip(tree.keys, tree.values):
            try:
                result[ast.literal_eval(key)] = safe_eval(ast.unparse(value), dict(eval_context))
            except Exception:  # noqa: BLE001 - a key naming a field of the record: left out, as the client does
                continue
    return result or None


# --- the calls ---------------------------------------------------------------------

def user_context(user, **extra):
    """The context the client sends with each call."""
    context = {'lang': user.lang or 'en_US', 'tz': user.tz or 'UTC', 'uid': user.id,
               'allowed_company_ids': [user.company_id.id]}
    context.update(extra)
    return context


def eval_context_of(context):
    """The values the client evaluates contexts of fields with."""
    return dict(context, context=context, current_company_id=context['allowed_company_ids'][0])


def load_kanban(model, domain, spec, parsed, context, limit):
    """The kanban view's load, grouped by its default group-by; ``limit``
    cards per column (the action's)."""
    model = model.with_context(context)
    group_by = parsed['defaultGroupBy']
    groups = model.web_read_group(domain, parsed['aggregates'], [group_by], limit=MAX_SAFE_INTEGER, offset=0,
                                  orderby='', lazy=True)['groups']
    if parsed['progressbar']:
        model.read_progress_bar(domain, group_by, parsed['progressbar'])
    opened = 0
    for group in groups:
        # The unset column and the folded ones stay closed; past ten open
        # columns the others are folded.
        if group.get('__fold') or not group[group_by]:
            continue
        opened += 1
        if opened > MAX_OPEN_GROUPS:
            break
        if group['%s_count' % group_by]:
            model.with_context(bin_size=True, **{'default_%s' % group_by: group[group_by][0]}).web_search_read(
                group['__domain'], spec, offset=0, limit=limit, order='', count_limit=COUNT_LIMIT)
    return groups


def load_list(model, domain, spec, context, limit):
    model = model.with_context(context, bin_size=True, current_company_id=context['allowed_company_ids'][0])
    return model.web_search_read(domain, spec, offset=0, limit=limit, order='', count_limit=COUNT_LIMIT)


def load_form(record, spec, context):
    return record.with_context(context, bin_size=True).web_read(spec)
