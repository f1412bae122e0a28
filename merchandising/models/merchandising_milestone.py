from collections import defaultdict, namedtuple
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import create_in_one_insert, lock_rows_nowait

STATES = [
    ('pending', 'Pending'),
    ('late', 'Late'),
    ('done', 'Done'),
    ('skipped', 'Skipped'),
]


# A row of the merchandiser's daily digest e-mail.
DigestLine = namedtuple('DigestLine', 'order customer milestone factory due days_late')


def _date(value):
    return fields.Date.from_string(value) if value else None


class MerchandisingMilestone(models.Model):
    """One line of an order's Time & Action plan (生产跟单): a milestone such as
    "materials in-house" or "final inspection", when it was planned, when the
    factory now promises it, when it really happened, and what its delay does
    to the ship date."""

    _name = 'merchandising.milestone'
    _description = 'T&A Milestone'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one('sale.order', 'Order', required=True, index=True, ondelete='cascade')
    name = fields.Char('Milestone', required=True)
    sequence = fields.Integer(default=10)
    template_line_id = fields.Many2one(
        'merchandising.milestone.template.line', 'Template Milestone', ondelete='set null', readonly=True)
    user_id = fields.Many2one(
        'res.users', 'Responsible', index=True, track_visibility='onchange', domain=[('share', '=', False)])
    partner_id = fields.Many2one(
        'res.partner', 'Factory / Supplier', index=True, track_visibility='onchange',
        help="Who must deliver the milestone: the factory or the supplier to chase.")
    is_critical = fields.Boolean('Critical Path', default=True)
    sample_type_id = fields.Many2one(
        'merchandising.sample.type', 'Completed by Sample',
        help="The milestone is done when a sample of this type is approved for the order.")
    planned_date = fields.Date(
        'Planned', required=True, track_visibility='onchange',
        help="The date of the approved plan, counted back from the ex-factory date.")
    revised_date = fields.Date(
        'Revised', track_visibility='onchange',
        help="The date the factory or supplier now promises.")
    actual_date = fields.Date('Actual', track_visibility='onchange', copy=False)
    forecast_date = fields.Date(
        'Forecast', compute='_compute_forecast',
        help="When the milestone will really happen: its revised (or planned) date, "
             "pushed by the delays of earlier critical-path milestones.")
    due_date = fields.Date(
        'Deadline', compute='_compute_due_date', store=True, index=True,
        help="The date to chase against: the revised date, else the planned date.")
    days_late = fields.Integer(
        'Days Late', compute='_compute_days_late',
        help="Days since the due date passed, while the milestone is not done.")
    delay_days = fields.Integer(
        'Delay (days)', compute='_compute_forecast',
        help="Forecast (or actual) date minus the planned date.")
    state = fields.Selection(STATES, default='pending', required=True, index=True,
                             track_visibility='onchange', copy=False)
    next_chase_date = fields.Date('Next Chase', help="When to chase the factory again.")
    company_id = fields.Many2one(related='order_id.company_id', store=True, readonly=True)
    merchandiser_id = fields.Many2one(related='order_id.merchandiser_id', store=True, readonly=True)
    # Shown on the chase list's cards: whose order the milestone serves.
    order_partner_id = fields.Many2one(related='order_id.partner_id', string='Order Customer', readonly=True)

    @api.constrains('revised_date', 'order_id')
    def _check_revised_date(self):
        for milestone in self.filtered('revised_date'):
            order_date = milestone.order_id.date_order[:10]
            if milestone.revised_date < order_date:
                raise ValidationError(_(
                    "%s of %s: the revised date %s is before the order date %s. "
                    "Enter a date on or after the order date.") % (
                        milestone.name, milestone.order_id.name, milestone.revised_date, order_date))

    @api.constrains('actual_date')
    def _check_actual_date(self):
        today = fields.Date.context_today(self)
        for milestone in self.filtered('actual_date'):
            if milestone.actual_date > today:
                raise ValidationError(_(
                    "%s of %s: the actual date %s is in the future. Enter the date it "
                    "really happened, today (%s) at the latest.") % (
                        milestone.name, milestone.order_id.name, milestone.actual_date, today))

    @api.onchange('actual_date')
    def _onchange_actual_date(self):
        # On the order's T&A tab, entering the date a milestone really
        # happened is recording it: it is done, and the forecasts count it.
        if self.actual_date and self.state in ('pending', 'late'):
            self.state = 'done'

    @api.depends('planned_date', 'revised_date')
    def _compute_due_date(self):
        # Stored (and indexed) for the chase job's searches: what is overdue,
        # what falls due in the next days.
        for milestone in self:
            milestone.due_date = milestone.revised_date or milestone.planned_date

    @api.depends('due_date', 'state')
    def _compute_days_late(self):
        today = _date(fields.Date.context_today(self))
        for milestone in self:
            late = milestone.state in ('pending', 'late') and milestone.due_date
            milestone.days_late = max(0, (today - _date(milestone.due_date)).days) if late else 0

    @api.depends('planned_date', 'revised_date', 'actual_date', 'state', 'is_critical', 'sequence')
    def _compute_forecast(self):
        forecasts, dummy = self._forecasts(self.mapped('order_id'))
        for milestone in self:
            milestone.forecast_date, milestone.delay_days = forecasts.get(milestone.id, (False, 0))

    @api.model
    def _forecasts(self, orders):
        """({milestone id: (forecast date, delay days)}, {order id: the same for
        its last milestone, the shipment}) for every milestone of the orders,
        in one query.

        Walking each plan in sequence, the delay of the critical path so far
        (the push) moves every later milestone at least that far past its
        planned date; a promised (revised) date later than that stands; an open
        milestone cannot happen before today. A critical milestone passes its
        own delay on: a late or re-promised one pushes the rest, one finished
        on its planned date absorbs what came before. Non-critical milestones
        are pushed but push nothing. Delays count against the planned date.
        """
        today = _date(fields.Date.context_today(self))
        order_ids = tuple(order.id for order in orders if isinstance(order.id, int))
        if not order_ids:
            return {}, {}
        # One plain query, without record rules (the forecast is part of the
        # order, shown to whoever may read it, a salesperson's list too; only
        # dates are read) and without the ORM's cache: the job reads the plans
        # of thousands of orders at once.
        self.env.cr.execute("""
            SELECT id, order_id, planned_date, revised_date, actual_date, state, is_critical
              FROM merchandising_milestone WHERE order_id IN %s ORDER BY order_id, sequence, id
        """, (order_ids,))
        columns = ('id', 'order_id', 'planned_date', 'revised_date', 'actual_date', 'state', 'is_critical')
        rows = [dict(zip(columns, values)) for values in self.env.cr.fetchall()]
        result, by_order, push, current_order = {}, {}, 0, None
        for row in rows:
            if row['order_id'] != current_order:
                current_order, push = row['order_id'], 0
            if row['state'] == 'skipped':
                result[row['id']] = (False, 0)
                continue
            # (Odoo's cursor returns dates as strings.)
            planned = _date(row['planned_date'])
            if row['state'] == 'done' and row['actual_date']:
                forecast = _date(row['actual_date'])
            else:
                forecast = max(_date(row['revised_date']) or planned, planned + timedelta(days=push), today)
            delay = (forecast - planned).days
            if row['is_critical']:
                push = max(0, delay)
            result[row['id']] = by_order[current_order] = (fields.Date.to_string(forecast), delay)
        return result, by_order

    @api.model
    def _create_plan(self, values_list):
        """Create the new milestones of plans (a list of create values, each
        with its order_id; no revised or actual date) in one INSERT, and
        return them: a plan is made on every confirmation, the hot path of the
        sales flow (through create, five queries per milestone)."""
        for values in values_list:
            assert not values.get('revised_date') and not values.get('actual_date'), values
        return create_in_one_insert(self, values_list)

    @api.multi
    def write(self, vals):
        if 'planned_date' in vals and not self.env.context.get('merch_replan'):
            self._check_plan_frozen(vals['planned_date'])
        res = super(MerchandisingMilestone, self).write(vals)
        if vals.get('revised_date') and vals['revised_date'] >= fields.Date.context_today(self):
            # A new promise in the future: no longer late, until it passes.
            self.filtered(lambda m: m.state == 'late').write({'state': 'pending'})
        return res

    def _check_plan_frozen(self, planned_date):
        """The planned dates are the approved plan, the baseline every delay is
        measured against: only re-planning the order moves them."""
        moved = self.filtered(lambda m: m.planned_date != planned_date)
        if moved:
            raise UserError(_(
                "%s of %s: the planned date is the approved plan and cannot be changed. "
                "Enter the date the factory now promises as the Revised date, or re-plan "
                "the order from its ex-factory date.") % (moved[0].name, moved[0].order_id.name))

    @api.model
    def _cron_chase_list(self):
        """Every morning: mark the milestones whose date passed late, give
        their responsible a to-do to chase them, and one for those falling due
        in the next days, bring the forecasts of the orders with late
        milestones up to today (each day an open late milestone is one more day
        late), and send each merchandiser the digest of what to chase.

        Its queries grow with what is late or falls due, never with all the
        open milestones: every search is on the indexed due date and state,
        and what changes is written in batches (see bench/ for the figures)."""
        today = fields.Date.context_today(self)
        overdue = self.search([('state', '=', 'pending'), ('due_date', '<', today)])
        overdue._mark_late()
        due_soon = self._due_soon(today)
        (overdue | due_soon)._unchased()._schedule_chase_activities()
        self._refresh_late_forecasts()
        self._send_chase_digests(today, due_soon)

    def _mark_late(self):
        """Overdue: late. One UPDATE: through write, each milestone would get
        a "Pending → Late" line in its chatter (40 ms apiece, a thousand of a
        morning) and each order its forecast recomputed, which the job does
        next for all late orders at once. Without record rules: only the
        daily job calls it, as superuser, on what its own search found."""
        if not self:
            return
        self.env.cr.execute("""
            UPDATE merchandising_milestone SET state = 'late', write_uid = %s,
                   write_date = now() at time zone 'UTC'
             WHERE id IN %s
        """, (self.env.uid, tuple(self.ids)))
        self.invalidate_cache(['state', 'write_uid', 'write_date'], self.ids)

    @api.model
    def _due_soon(self, today):
        """The pending milestones falling due within their company's due-soon window."""
        until = self.env['res.company']._merch_due_soon_until(today)
        candidates = self.search([('state', '=', 'pending'), ('due_date', '>=', today), ('due_date', '<=', until)])
        # read() of two columns: the records would load all of theirs.
        rows = candidates.read(['company_id', 'due_date'], load='_classic_write')
        companies = self.env['res.company'].browse({row['company_id'] for row in rows})
        return self.browse([row['id'] for row in rows
                            if companies.browse(row['company_id'])._merch_is_due_soon(row['due_date'], today)])

    def _unchased(self):
        """The milestones without an open activity, in one query (and a
        recordset of their own, so that reading them prefetches no others).
        Without record rules: it only filters the ids it is given, which the
        caller already found through the ORM."""
        if not self:
            return self
        self.env.cr.execute("""
            SELECT milestone.id FROM unnest(%s) AS milestone(id)
             WHERE NOT EXISTS (SELECT 1 FROM mail_activity activity
                                WHERE activity.res_model = %s AND activity.res_id = milestone.id)
        """, (self.ids, self._name))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _schedule_chase_activities(self):
        """A to-do for the responsible of each milestone: chase it.

        Written in one INSERT: the job creates them by the hundred, and
        mail.activity's create (access check, follower, bus notice, each in
        its own queries) costs ~50 ms apiece. The job runs as superuser at
        night, so neither the access check nor the live notice is missed; the
        responsible does not follow the milestone yet — chasing the factory
        from it (message_post) subscribes them. What create also maintains,
        the milestones' stored next-activity deadline, is set here."""
        if not self:
            return
        todo = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        # read() of the few columns needed: going through the records would
        # prefetch every column of the milestones and of their orders.
        milestones = self.read(['name', 'order_id', 'user_id', 'merchandiser_id', 'due_date'], load='_classic_write')
        order_names = {order['id']: order['name'] for order in self.env['sale.order'].browse(
            {milestone['order_id'] for milestone in milestones}).read(['name'])}
        rows = [(model.id, self._name, milestone['id'], milestone['name'], todo.id,
                 _('Chase: %s of %s') % (milestone['name'], order_names[milestone['order_id']]),
                 milestone['due_date'], milestone['user_id'] or milestone['merchandiser_id'] or self.env.uid,
                 self.env.uid, self.env.uid)
                for milestone in milestones]
        self.env.cr.execute("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id, summary,
                                       date_deadline, user_id, create_uid, write_uid, create_date, write_date)
            SELECT res_model_id, res_model, res_id, res_name, activity_type_id, summary, date_deadline::date,
                   user_id, create_uid, write_uid, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (VALUES %s) AS activity(res_model_id, res_model, res_id, res_name, activity_type_id,
                                           summary, date_deadline, user_id, create_uid, write_uid)
        """ % ', '.join(['%s'] * len(rows)), rows)
        self.env.cr.execute("""
            UPDATE merchandising_milestone milestone SET activity_date_deadline = next.deadline
              FROM (SELECT res_id, min(date_deadline) AS deadline FROM mail_activity
                     WHERE res_model = %s AND res_id IN %s GROUP BY res_id) next
             WHERE milestone.id = next.res_id
        """, (self._name, tuple(self.ids)))
        self.env['mail.activity'].invalidate_cache()
        self.invalidate_cache(['activity_ids', 'activity_date_deadline'], self.ids)

    @api.model
    def _send_chase_digests(self, today, due_soon):
        """One e-mail to each merchandiser listing their late and due-soon
        milestones and samples; none to whoever has nothing to chase."""
        late = self.search([('state', '=', 'late'), ('merchandiser_id', '!=', False)])
        milestone_lines = (late | due_soon)._digest_lines(today)
        samples = self.env['merchandising.sample']._to_chase(today).sorted(lambda s: (s.date_due, s.name))
        sample_ids = defaultdict(list)
        for sample in samples.filtered('merchandiser_id'):
            sample_ids[sample.merchandiser_id.id].append(sample.id)
        template = self.env.ref('merchandising.mail_template_chase_digest')
        for user in self.env['res.users'].browse(set(milestone_lines) | set(sample_ids)).filtered('email'):
            template.with_context(
                merch_digest_date=today, merch_digest_milestones=tuple(milestone_lines.get(user.id, ())),
                merch_digest_sample_ids=tuple(sample_ids.get(user.id, ())),
            ).send_mail(user.id)

    def _digest_lines(self, today):
        """{merchandiser id: [DigestLine...]}, oldest due first (the longest
        overdue is the first to chase). One query: the digest lists thousands
        of milestones across all merchandisers; a line is plain data, which
        the mail template renders without going back to the database.
        Without record rules: the job runs as superuser, and each merchandiser
        receives only the lines of the milestones of their own orders
        (grouped by merchandiser_id)."""
        if not self:
            return {}
        self.env.cr.execute("""
            SELECT milestone.merchandiser_id, sale.name, customer.name, milestone.name, factory.name,
                   milestone.due_date
              FROM merchandising_milestone milestone
              JOIN sale_order sale ON sale.id = milestone.order_id
              JOIN res_partner buyer ON buyer.id = sale.partner_id
              JOIN res_partner customer ON customer.id = buyer.commercial_partner_id
              LEFT JOIN res_partner factory ON factory.id = milestone.partner_id
             WHERE milestone.id IN %s AND milestone.merchandiser_id IS NOT NULL
             ORDER BY milestone.due_date, sale.name, milestone.sequence, milestone.id
        """, (tuple(self.ids),))
        today = _date(today)
        lines = defaultdict(list)
        for user_id, order, customer, name, factory, due in self.env.cr.fetchall():
            lines[user_id].append(DigestLine(order, customer, name, factory or '', due,
                                             max(0, (today - _date(due)).days)))
        return lines

    @api.model
    def _refresh_late_forecasts(self):
        """Each morning an order with an open late milestone is one more day
        late: write the new forecasts of the orders whose values changed, all
        in one UPDATE. Without record rules: only the daily job calls it, as
        superuser, and it writes computed values, not a user's input."""
        self.env.cr.execute("SELECT DISTINCT order_id FROM merchandising_milestone WHERE state = 'late'")
        orders = self.env['sale.order'].browse([row[0] for row in self.env.cr.fetchall()])
        names = ['forecast_ship_date', 'delay_days', 'merch_health']
        current = {row['id']: row for row in orders.read(names + ['company_id'], load='_classic_write')}
        at_risk = self.env['sale.order']._merch_at_risk_days({row['company_id'] for row in current.values()})
        dummy, shipments = self._forecasts(orders)
        changes = []
        for order_id, row in current.items():
            values = self.env['sale.order']._merch_forecast_values(shipments.get(order_id), at_risk[row['company_id']])
            if any(row[name] != value for name, value in values.items()):
                changes.append((order_id, values['forecast_ship_date'] or None, values['delay_days'],
                                values['merch_health'] or None))
        if not changes:
            return
        # One UPDATE for all: these stored computed fields are the forecast
        # itself (no tracking, no follower to tell).
        self.env.cr.execute("""
            UPDATE sale_order SET forecast_ship_date = new.forecast::date, delay_days = new.delay,
                   merch_health = new.health
              FROM (VALUES %s) AS new(id, forecast, delay, health)
             WHERE sale_order.id = new.id
        """ % ', '.join(['%s'] * len(changes)), changes)
        orders.invalidate_cache(names, [change[0] for change in changes])

    @api.multi
    def action_done(self):
        """Mark the milestone done today (the merchandiser may correct the date)."""
        today = fields.Date.context_today(self)
        # Two users clicking Done together: the second fails at once on the
        # row lock (Odoo's RPC layer retries it), and on the retry the
        # milestone is already done, so nothing is posted or written twice.
        lock_rows_nowait(self)
        self.invalidate_cache(['state'], self.ids)
        todo = self.filtered(lambda m: m.state != 'done')
        for milestone in todo:
            earlier_open = milestone.order_id.merch_milestone_ids.filtered(
                lambda m: (m.sequence, m.id) < (milestone.sequence, milestone.id)
                and m.state in ('pending', 'late'))
            if earlier_open:
                # Allowed — factories do work in parallel — but on the record.
                milestone.message_post(body=_("Done before %s.") % ', '.join(earlier_open.mapped('name')))
        return todo.write({'state': 'done', 'actual_date': today})

    @api.multi
    def action_chase_factory(self):
        """Write to the factory: the chase e-mail, in the factory's language,
        ready to edit and send from the milestone's chatter."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("%s of %s: set the Factory / Supplier to chase first.") % (
                self.name, self.order_id.name))
        template = self.env.ref('merchandising.mail_template_milestone_chase')
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'mail.compose.message',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'new',
            'context': {
                'default_model': self._name,
                'default_res_id': self.id,
                'default_use_template': True,
                'default_template_id': template.id,
                'default_composition_mode': 'comment',
                'force_email': True,
            },
        }

    @api.multi
    def action_skip(self):
        return self.write({'state': 'skipped'})

    @api.multi
    def action_reopen(self):
        return self.write({'state': 'pending', 'actual_date': False})

    @api.model
    def _complete_by_samples(self, samples):
        """Approved samples complete the milestones of their order that wait
        for a sample of their type."""
        approved = {(s.order_id.id, s.type_id.id): s.date_decided
                    for s in samples if s.state == 'approved' and s.order_id}
        if not approved:
            return
        waiting = self.search([('order_id', 'in', [order for order, dummy in approved]),
                               ('sample_type_id', 'in', [stype for dummy, stype in approved]),
                               ('state', 'in', ('pending', 'late'))])
        today = fields.Date.context_today(self)
        for milestone in waiting:
            key = (milestone.order_id.id, milestone.sample_type_id.id)
            if key in approved:
                milestone.write({'state': 'done', 'actual_date': approved[key] or today})
