from collections import defaultdict, namedtuple

from odoo import api, fields, models
from odoo.osv import expression

from .merchandising_milestone import OPEN_STATES

# The daily chase job handles this many milestones per run; Odoo runs it
# again at once while it reports work remaining (ir.cron's progress).
CHASE_BATCH_SIZE = 500

# What a digest line reads of its milestone.
DIGEST_FIELDS = ['merchandiser_id', 'order_id', 'name', 'partner_id', 'due_date', 'forecast_date', 'sequence']


class DigestLine(namedtuple('DigestLine', 'order customer milestone factory expected deadline days_overdue done')):
    """A row of the merchandiser's daily digest e-mail: plain data, which the
    mail template renders without going back to the database."""
    __slots__ = ()
    # What a digest template edited before 4.2 reads (kept by its migration).
    due = property(lambda self: self.deadline)
    days_late = property(lambda self: self.days_overdue)


class MerchandisingMilestone(models.Model):
    """The daily chase list: each morning the milestones the network now
    expects within the due-soon window get a to-do for their responsible, the
    overdue ones are marked so, the forecasts of the orders with overdue
    milestones move to today, and each merchandiser gets the digest of what
    to chase.

    It chases by the date the network expects (the forecast), not by the
    plan: a milestone whose predecessor slipped is chased when it can
    happen, and it is not overdue while what it waits for holds it. Its
    deadline (the factory's promise, else the plan) stays beside it."""

    # One file per concern of the milestone, as the order's features:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'merchandising.milestone'

    @api.model
    def _cron_chase_list(self, batch_size=CHASE_BATCH_SIZE):
        """Every morning: give the responsible of each milestone expected
        within their company's due-soon window (or overdue) a to-do to chase
        it, mark the overdue ones, bring the forecasts of the orders with
        overdue milestones up to today (each day an open overdue milestone
        moves what waits for it by a day), and send each merchandiser the
        digest of what to chase.

        A run handles at most ``batch_size`` milestones of each kind, in a
        fixed number of queries; while some remain it tells ir.cron, which
        runs it again at once. The first run brings the stale forecasts up to
        today, the last one sends the digests."""
        today = fields.Date.context_today(self)
        # First what the network expects today: the chase goes by it.
        self._refresh_stale_forecasts(today)
        unchased = self._chase_domain(today)
        overdue = self._overdue_domain(today, ['pending'])
        # Earliest first: an overdue milestone is chased before it is marked so.
        chasing = self.search(unchased, order='forecast_date, id', limit=batch_size)
        chasing._schedule_chase_activities()
        turning_late = self.search(expression.AND([overdue, self._open_todo_domain(True)]),
                                   order='due_date, id', limit=batch_size)
        turning_late._move_to('late')
        done = len(chasing) + len(turning_late)
        remaining = self.search_count(unchased) + self.search_count(overdue)
        if not remaining:
            # The orders this morning's forecasts made worse are warned now,
            # not at the commit, so that the digests list them first:
            # flushing the cursor runs what waits for the commit.
            self.env.cr.flush()
            self._send_chase_digests(today)
        self.env['ir.cron']._notify_progress(done=done, remaining=remaining)

    @api.model
    def _overdue_domain(self, today, states):
        """Milestones in ``states`` past their deadline that the network
        expects now: nothing they wait for holds them (an open milestone's
        forecast is never before today; one held by a slipped predecessor is
        forecast later). What the chase job marks overdue, and My Follow-up
        counts."""
        return [('state', 'in', states), ('due_date', '<', today), ('forecast_date', '<=', today)]

    @api.model
    def _due_window_domain(self, today):
        """Milestones the network expects by the end of their company's
        due-soon window (overdue ones included)."""
        return self.env['res.company']._merch_due_soon_domain(today, 'forecast_date')

    @api.model
    def _chase_domain(self, today):
        """Open milestones due by the end of the window with no to-do yet."""
        return expression.AND([[('state', '=', 'pending')], self._open_todo_domain(False),
                               self._due_window_domain(today)])

    @api.model
    def _open_todo_domain(self, with_todo):
        """Milestones with (or without) an open to-do, the to-dos in one
        subquery: searching on ``activity_ids`` reads the ``res_id`` of every
        open to-do first (3,489 at 100,000 open milestones, 5 queries)."""
        # sudo: a subquery of which milestones have a to-do, whoever's to-do it is.
        todos = self.env['mail.activity'].sudo()._search(
            [('res_model', '=', self._name), ('res_id', '!=', False)])
        return [('id', 'in' if with_todo else 'not in', todos.subselect('res_id'))]

    def _schedule_chase_activities(self):
        """A to-do for the responsible of each milestone: chase it. In one
        create; without the "assigned to you" e-mail per to-do (the responsible
        get them all in the morning's digest)."""
        if not self:
            return self.env['mail.activity']
        todo = self.env.ref('mail.mail_activity_data_todo')
        model_id = self.env['ir.model']._get_id(self._name)
        return self.env['mail.activity'].with_context(mail_activity_quick_update=True).create([{
            'res_model_id': model_id,
            'res_id': milestone.id,
            'activity_type_id': todo.id,
            'automated': True,
            'summary': self.env._("Chase: %(milestone)s of %(order)s",
                                  milestone=milestone.name, order=milestone.order_id.name),
            # An overdue one by its deadline (the to-do shows overdue), the
            # others by the date the network expects.
            'date_deadline': milestone.due_date if milestone.days_overdue else milestone.forecast_date or milestone.due_date,
            'user_id': (milestone.user_id or milestone.merchandiser_id or self.env.user).id,
        } for milestone in self])

    @api.model
    def _refresh_stale_forecasts(self, today):
        """Each morning an open milestone forecast before today (it did not
        happen: it is overdue, or was due yesterday) moves to today, and what
        waits for it with it: recompute the forecasts of those orders and of
        their milestones (stored for the chase, the filters, the grouping and
        the T&A tab), all together. Once refreshed none is before today: the
        job's next runs of the morning find nothing to refresh."""
        groups = self._read_group([('state', 'in', OPEN_STATES), ('forecast_date', '<', today)], ['order_id'])
        if groups:
            self._refresh_forecasts(self.env['sale.order'].union(*(order for order, in groups)))

    @api.model
    def _refresh_forecasts(self, orders):
        """Recompute the forecasts of these orders and of their milestones,
        all together (``_plan_forecasts``, one pass for all the plans)."""
        milestones = self.search([('order_id', 'in', orders.ids)])
        for records, names in ((milestones, ['forecast_date', 'delay_days', 'slack_days', 'is_critical']),
                               (orders, ['forecast_ship_date', 'delay_days', 'merch_health'])):
            for name in names:
                self.env.add_to_compute(records._fields[name], records)
            records._recompute_recordset(names)

    @api.model
    def _send_chase_digests(self, today):
        """One e-mail to each merchandiser listing first their orders whose
        health worsened since the last digest, then their overdue milestones
        and those expected within the window, and the samples they must send; none to whoever has
        nothing to chase."""
        window = expression.AND([[('state', '=', 'pending'), ('forecast_date', '>=', today)],
                                 self._due_window_domain(today)])
        milestones = self.search_fetch(expression.AND([
            [('merchandiser_id', '!=', False)], expression.OR([[('state', '=', 'late')], window])]),
            DIGEST_FIELDS)
        sections = self._chase_digest_sections(today)
        sections['milestones'] = milestones._digest_lines(today)
        recipients_ids = set().union(*sections.values())
        digests = {user_id: {section: lines.get(user_id, []) for section, lines in sections.items()}
                   for user_id in recipients_ids}
        recipients = self.env['res.users'].browse(list(digests)).filtered('email')
        if recipients:
            template = self.env.ref('merchandising.mail_template_chase_digest')
            template.with_context(merch_digest_date=today, merch_digests=digests).send_mail_batch(recipients.ids)

    @api.model
    def _chase_digest_sections(self, today):
        """{section: {merchandiser id: [lines]}}: what the morning digest
        lists besides the milestones, each feature adding its section through
        ``super()`` (the digest's template reads ``orders``, ``milestones``
        and ``samples``). Here the orders whose health worsened."""
        return {'orders': self.env['sale.order']._merch_worsened_digest_lines(today)}

    def _digest_lines(self, today):
        """{merchandiser id: [DigestLine...]}, by the date the network
        expects, then the oldest deadline (the longest overdue is the first
        to chase)."""
        # What the digest shows, one query per model however many milestones
        # and whatever is in the cache already (prefetching reads 1,000
        # records at a time: +8 queries at 100,000 open milestones).
        self.fetch(DIGEST_FIELDS)
        orders = self.order_id.search_fetch([('id', 'in', self.order_id.ids)], ['name', 'partner_id'])
        Partner = self.env['res.partner'].with_context(active_test=False)
        partners = Partner.search_fetch([('id', 'in', (orders.partner_id | self.partner_id).ids)],
                                        ['name', 'commercial_partner_id'])
        Partner.search_fetch([('id', 'in', partners.commercial_partner_id.ids)], ['name'])
        done = self._quantities_done()
        lines = defaultdict(list)
        for milestone in self.sorted(lambda m: (m.forecast_date or m.due_date, m.due_date, m.order_id.name,
                                                m.sequence, m.id)):
            lines[milestone.merchandiser_id.id].append(DigestLine(
                milestone.order_id.name, milestone.order_id.partner_id.commercial_partner_id.name,
                milestone.name, milestone.partner_id.name or '', max(milestone.forecast_date or today, today),
                milestone.due_date, milestone.days_overdue, done.get(milestone.id, '')))
        return lines
