from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = 'delivery.carrier'

    merch_tracking_url = fields.Char(
        'Tracking Link Template',
        help="The courier's tracking page, with {tracking} where the tracking "
             "number goes, e.g. https://www.courier.example/track?no={tracking}. "
             "Gives a link on the samples sent with this courier.")
