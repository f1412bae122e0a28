from collections import defaultdict, namedtuple
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

# The order's forecast, as the early warning compares it (sale_order_tna).
FORECAST_FIELDS = ('forecast_ship_date', 'delay_days', 'merch_health')
HEALTH_RANK = {False: 0, 'on_track': 0, 'at_risk': 1, 'late': 2}
# Where the orders' forecasts before this transaction's recomputations wait
# for the commit: {order id: (health, forecast ship date)}.
BEFORE_KEY = 'merchandising.forecast.before'

# An order of the merchandiser's digest whose health worsened: plain data.
OrderDigestLine = namedtuple('OrderDigestLine', 'order customer health forecast promised delay milestone reason')


class SaleOrder(models.Model):
    """The early warning (交期预警): the moment an order's forecast ship date
    passes the date promised to the customer, or its health worsens, its
    merchandiser gets a to-do and the order's chatter a note naming the
    milestone and the reason; the manager lists the orders that worsened
    today, and the morning digest puts them first.

    Whatever moved the forecast (a new promise, a recorded date, a sample,
    the morning's chase job), the order compares its forecast of before the
    transaction with the one it commits, as mail's tracking does."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_health_worsened_date = fields.Date(
        'Health Worsened On', copy=False, readonly=True, index='btree_not_null',
        help="The last day the order's forecast ship date passed the promised delivery date or "
             "its health worsened (the day its merchandiser was warned).")

    def _compute_field_value(self, field):
        if field.name in FORECAST_FIELDS and not self.env.context.get('tracking_disable'):
            self._merch_watch_forecast()
        return super()._compute_field_value(field)

    def _merch_watch_forecast(self):
        """Remember the orders' health and forecast ship date before the
        forecast is recomputed (the first time in the transaction) and have
        them compared just before the commit (``_merch_warn_if_worse``)."""
        data = self.env.cr.precommit.data
        if BEFORE_KEY not in data:
            data[BEFORE_KEY] = {}
            self.env.cr.precommit.add(self.browse()._merch_warn_if_worse)
        before = data[BEFORE_KEY]
        new = self.browse([id_ for id_ in self._ids if isinstance(id_, int) and id_ not in before])
        # The orders of the recomputation's later batches too: read in one query.
        new |= self.env.records_to_compute(self._fields['merch_health']).filtered(
            lambda order: isinstance(order.id, int) and order.id not in before)
        new.fetch(['merch_health', 'forecast_ship_date'])
        for order in new:
            before[order.id] = (order.merch_health, order.forecast_ship_date)

    def _merch_warn_if_worse(self):
        before = self.env.cr.precommit.data.pop(BEFORE_KEY, {})
        # sudo: whoever moved a date (a factory's promise, a customer's sample
        # in the portal) warns the merchandiser; only the warning is written.
        # In a clean context (the one of whatever recomputed the forecast is
        # not the warning's): today is the user's.
        user = self.env.user
        env = self.env(context={'lang': user.lang, 'tz': user.tz}, su=True)
        orders = self.with_env(env).browse(before).exists()
        worse = orders.filtered(lambda order: order._merch_is_worse(*before[order.id]))
        if worse:
            worse._merch_warn(before)
            self.env.flush_all()

    def _merch_promised_date(self):
        """The delivery date promised to the customer, as a date in the
        company's time zone (as the on-time report reads it)."""
        self.ensure_one()
        if not self.commitment_date:
            return False
        tz = self.company_id.partner_id.tz or 'UTC'
        return fields.Date.context_today(self.with_context(tz=tz), self.commitment_date)

    def _merch_is_worse(self, health, forecast):
        """Whether the order's forecast got worse than (health, forecast): its
        health worsened, or its forecast ship date passed the promised date."""
        self.ensure_one()
        if HEALTH_RANK[self.merch_health] > HEALTH_RANK[health]:
            return True
        promised = self._merch_promised_date()
        return bool(promised and forecast and self.forecast_ship_date
                    and forecast <= promised < self.forecast_ship_date)

    def _merch_warn(self, before):
        """Warn the merchandisers of these orders: a note in each order's
        chatter, a to-do (one open per order: a second warning updates it)
        and today's date on the order, for the manager's list."""
        today = fields.Date.context_today(self)
        causes = self.env['merchandising.milestone.revision']._delay_causes(self)
        # In the merchandiser's language: the note is theirs to read.
        warnings = {order: order.with_context(lang=order._merch_warned_user().lang)._merch_warning(
            before[order.id][0], causes.get(order)) for order in self}
        self._message_log_batch({order.id: Markup('<p>%s</p>') % text for order, text in warnings.items()})
        activity_type = self.env.ref('merchandising.mail_activity_type_delay_warning')
        open_todos = {todo.res_id: todo for todo in self.env['mail.activity'].search(
            [('res_model', '=', self._name), ('res_id', 'in', self.ids),
             ('activity_type_id', '=', activity_type.id)])}
        model_id = self.env['ir.model']._get_id(self._name)
        new = []
        for order, text in warnings.items():
            summary = order.with_context(lang=order._merch_warned_user().lang).env._("Delay warning")
            values = {'summary': summary, 'note': Markup('<p>%s</p>') % text, 'date_deadline': today,
                      'user_id': order._merch_warned_user().id}
            if order.id in open_todos:
                open_todos[order.id].write(values)
            else:
                new.append(dict(values, res_model_id=model_id,
                                res_id=order.id, activity_type_id=activity_type.id, automated=True))
        # The to-do reaches the merchandiser at once (Odoo's activity
        # counter); the morning digest lists the order: no e-mail per to-do.
        self.env['mail.activity'].with_context(mail_activity_quick_update=True).create(new)
        self.with_context(tracking_disable=True).write({'merch_health_worsened_date': today})

    def _merch_warned_user(self):
        """Who gets the warning: the merchandiser, else the salesperson."""
        self.ensure_one()
        return self.merchandiser_id or self.user_id or self.env.user

    def _merch_warning(self, health_before, cause):
        """The warning's text: what the forecast became, against what, and
        what made it so (the milestone and the reason)."""
        self.ensure_one()
        labels = dict(self._fields['merch_health']._description_selection(self.env))
        before = labels.get(health_before, labels['on_track'])
        if before == labels[self.merch_health]:
            text = self.env._("Delay warning: the forecast ship date passed the delivery date promised "
                              "to the customer (%(health)s).", health=labels[self.merch_health])
        else:
            text = self.env._("Delay warning: %(health_before)s → %(health)s.",
                              health_before=before, health=labels[self.merch_health])
        text += ' ' + self.env._("The ship date is forecast for %(forecast)s, %(days)s days behind the plan.",
                                 forecast=format_date(self.env, self.forecast_ship_date), days=self.delay_days)
        promised = self._merch_promised_date()
        if promised and self.forecast_ship_date > promised:
            text += ' ' + self.env._("The customer was promised %(date)s.", date=format_date(self.env, promised))
        if cause and cause.reason:
            text += ' ' + self.env._(
                "Cause: %(milestone)s, %(reason)s (%(days)s days).",
                milestone=cause.milestone.name, reason=cause.reason.name, days=cause.days)
        elif cause:
            text += ' ' + self.env._(
                "Cause: %(milestone)s, %(days)s days past its deadline, no reason recorded yet.",
                milestone=cause.milestone.name, days=cause.days)
        return text

    @api.model
    def _merch_worsened_digest_lines(self, today):
        """{merchandiser id: [OrderDigestLine...]} of the open orders whose
        health worsened since yesterday's digest (yesterday or today) and is
        not back on track, the latest first."""
        orders = self.search_fetch([
            ('merch_health_worsened_date', '>=', today - timedelta(days=1)),
            ('merch_health', 'in', ('at_risk', 'late')), ('merchandiser_id', '!=', False),
            ('state', '=', 'sale')], ['name', 'partner_id', 'merchandiser_id', 'merch_health',
                                      'forecast_ship_date', 'delay_days', 'commitment_date', 'company_id'],
            order='delay_days desc, id')
        causes = self.env['merchandising.milestone.revision']._delay_causes(orders)
        labels = {}  # {language: {health: label}}: each digest reads in its merchandiser's
        lines = defaultdict(list)
        for order in orders:
            cause = causes.get(order)
            lang = order.merchandiser_id.lang
            if lang not in labels:
                labels[lang] = dict(self._fields['merch_health']._description_selection(self.with_context(lang=lang).env))
            lines[order.merchandiser_id.id].append(OrderDigestLine(
                order.name, order.partner_id.commercial_partner_id.name, labels[lang][order.merch_health],
                order.forecast_ship_date, order._merch_promised_date(), order.delay_days,
                cause.milestone.name if cause else '', cause.reason.name if cause and cause.reason else ''))
        return lines
