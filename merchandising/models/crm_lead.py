from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression


class CrmLead(models.Model):
    """The merchandiser's enquiry (询盘): a buyer asks for some styles, in a
    quantity, at a target price, for a season and an ex-factory date. The
    merchandiser follows it up — catalogues and samples sent, visits
    received, quotations costed — until it becomes a contract or is lost.
    When the buyer stops answering, a to-do reminds them to chase."""

    _inherit = 'crm.lead'

    merch_product_ids = fields.Many2many(
        'product.template', string='Products / Styles',
        help="The products or styles the buyer asks for.")
    merch_quantity = fields.Integer(
        'Quantity (pcs)', help="How many pieces the buyer means to order.")
    merch_currency_id = fields.Many2one(
        'res.currency', 'Target Currency', default=lambda self: self.env.company.currency_id,
        help="The currency of the buyer's target price.")
    merch_target_price = fields.Monetary(
        'Target Price', currency_field='merch_currency_id',
        help="The unit price the buyer aims at.")
    merch_season = fields.Char('Season', help="The buyer's season, e.g. AW27.")
    merch_ex_factory_date = fields.Date(
        'Required Ex-factory',
        help="When the buyer needs the goods to leave the factory. A quotation made from the "
             "enquiry starts with this ex-factory date.")
    merch_awaiting_reply_since = fields.Datetime(
        'Waiting for the Buyer Since', readonly=True, copy=False, index=True,
        help="When the last message to the buyer went out without an answer yet. After the "
             "company's reply reminder days, the salesperson gets a to-do to follow up.")
    merch_sample_ids = fields.One2many(
        'merchandising.sample', 'opportunity_id', 'Samples and Catalogues',
        help="Samples and catalogues sent to the buyer for this enquiry.")
    merch_sample_count = fields.Integer('Samples', compute='_compute_merch_sample_count')

    @api.depends('merch_sample_ids')
    def _compute_merch_sample_count(self):
        groups = self.env['merchandising.sample']._read_group(
            [('opportunity_id', 'in', self.ids)], ['opportunity_id'], ['__count'])
        counts = {lead.id: count for lead, count in groups}
        for lead in self:
            lead.merch_sample_count = counts.get(lead.id, 0)

    # --- waiting for the buyer ------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        """A message to the buyer starts the wait for an answer; anything the
        buyer writes (an e-mail, a portal message) ends it. Internal notes
        and system messages change nothing."""
        if message.message_type in ('email', 'comment', 'email_outgoing') \
                and message.subtype_id == self.env.ref('mail.mt_comment'):
            author = message.author_id
            # sudo: whoever posts (the buyer in the portal too): their users tell whose
            # message it is, and the wait is written on a lead they may not write.
            ours = any(not user.share for user in author.sudo().user_ids)
            since = message.date if ours else False
            self.filtered(lambda lead: lead.merch_awaiting_reply_since != since).sudo().write(
                {'merch_awaiting_reply_since': since})
        return super()._message_post_after_hook(message, msg_vals)

    @api.model
    def _merch_unanswered_domain(self, now):
        """Open opportunities whose buyer has not answered for the reply
        reminder days of their company, and no reminder is open yet."""
        # sudo: every company's reminder days and open reminders, whoever runs the cron.
        companies = self.env['res.company'].sudo().search([])
        waited = expression.OR([
            [('company_id', 'in', (company.id, False) if company == self.env.company else (company.id,)),
             ('merch_awaiting_reply_since', '<=', now - timedelta(days=company.merch_reply_reminder_days))]
            for company in companies])
        reminders = self.env['mail.activity'].sudo()._search([
            ('res_model', '=', self._name),
            ('activity_type_id', '=', self.env.ref('merchandising.mail_activity_type_buyer_reply').id)])
        return expression.AND([
            [('type', '=', 'opportunity'), ('user_id', '!=', False), ('stage_id.is_won', '=', False),
             ('id', 'not in', reminders.subselect('res_id'))],
            waited])

    @api.model
    def _cron_merch_remind_unanswered(self):
        """Every morning: a to-do for the salesperson of each enquiry whose
        buyer has not answered for the company's reply reminder days — one
        reminder at a time, in one create."""
        leads = self.search(self._merch_unanswered_domain(fields.Datetime.now()))
        return leads._merch_schedule_reply_reminders()

    def _merch_schedule_reply_reminders(self):
        if not self:
            return self.env['mail.activity']
        today = fields.Date.context_today(self)
        activity_type = self.env.ref('merchandising.mail_activity_type_buyer_reply')
        model_id = self.env['ir.model']._get_id(self._name)
        # sudo: the reminder is the salesperson's to-do, scheduled whoever runs the cron.
        return self.env['mail.activity'].sudo().create([{
            'res_model_id': model_id,
            'res_id': lead.id,
            'activity_type_id': activity_type.id,
            'automated': True,
            'summary': self.env._("No answer from %(buyer)s since %(date)s",
                                  buyer=lead.partner_id.display_name or lead.contact_name or lead.email_from,
                                  date=fields.Date.to_string(lead.merch_awaiting_reply_since.date())),
            'date_deadline': today,
            'user_id': lead.user_id.id,
        } for lead in self])

    # --- samples and quotations ---------------------------------------------------

    def action_merch_send_sample(self):
        """A new sample or catalogue for the buyer of the enquiry."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_sample')
        action.update(views=[(False, 'form')], context={
            'default_opportunity_id': self.id, 'default_partner_id': self.partner_id.id,
            'default_product_id': self.merch_product_ids[:1].product_variant_id.id})
        return action

    def action_merch_view_samples(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_sample')
        action.update(domain=[('opportunity_id', '=', self.id)], context={
            'default_opportunity_id': self.id, 'default_partner_id': self.partner_id.id})
        return action

    def action_merch_plan_visit(self):
        """Register the buyer's visit to us for this enquiry."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_visits')
        action.update(views=[(False, 'form')], context={
            'default_merch_is_visit': True, 'default_opportunity_id': self.id,
            'default_name': self.env._("Visit of %(customer)s", customer=self.partner_id.commercial_partner_id.name
                                       or self.partner_name or self.name),
            'default_partner_ids': self.partner_id.ids})
        return action

    def _prepare_opportunity_quotation_context(self):
        # The quotation starts with the enquiry's ex-factory date; its
        # follow-up stage follows the enquiry's (sale.order.create).
        context = super()._prepare_opportunity_quotation_context()
        if self.merch_ex_factory_date:
            context['default_ex_factory_date'] = fields.Date.to_string(self.merch_ex_factory_date)
        return context
