from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings › Merchandising: the company's chasing rules, kept on the
    company (``res.company``), where the forecast and the chase job read them."""

    _inherit = 'res.config.settings'

    merch_transit_days = fields.Integer(related='company_id.merch_transit_days', readonly=False)
    merch_at_risk_days = fields.Integer(related='company_id.merch_at_risk_days', readonly=False)
    merch_due_soon_days = fields.Integer(related='company_id.merch_due_soon_days', readonly=False)
    merch_overproduction_tolerance = fields.Float(
        related='company_id.merch_overproduction_tolerance', readonly=False)
    merch_min_margin_percent = fields.Float(related='company_id.merch_min_margin_percent', readonly=False)
    merch_reply_reminder_days = fields.Integer(related='company_id.merch_reply_reminder_days', readonly=False)
