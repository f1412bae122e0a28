import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTAINER_TYPES = [
    ('20gp', '20GP'),
    ('40gp', '40GP'),
    ('40hq', '40HQ'),
    ('lcl', 'LCL'),
]

# ISO 6346: the letters' values skip the multiples of 11.
LETTER_VALUES = dict(zip('ABCDEFGHIJKLMNOPQRSTUVWXYZ', [
    10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38]))
CONTAINER_NUMBER = re.compile(r'^[A-Z]{3}[UJZ]\d{7}$')


def iso6346_check_digit(number):
    """The check digit of the first ten characters of a container number."""
    total = sum((LETTER_VALUES[char] if char.isalpha() else int(char)) * 2 ** position
                for position, char in enumerate(number[:10]))
    return total % 11 % 10


class MerchandisingContainer(models.Model):
    """A container the order's goods are loaded in (装柜), with its seal, what
    it holds and weighs; LCL when the goods share one. Part of what the
    declaration and the packing list said: frozen with the order once it
    has shipped."""

    _name = 'merchandising.container'
    _description = 'Shipping Container'
    _order = 'order_id, id'

    order_id = fields.Many2one('sale.order', required=True, index=True, ondelete='cascade')
    name = fields.Char(
        'Container Number', help="Owner code, category, serial number and check digit (ISO 6346), "
                                 "e.g. CSQU3054383. Not needed for LCL.")
    seal_number = fields.Char(help="The number of the seal put on the door after loading.")
    container_type = fields.Selection(CONTAINER_TYPES, 'Type', required=True, default='40hq')
    packages = fields.Integer(help="Cartons (or other packages) loaded in this container.")
    gross_weight = fields.Float('Gross Weight (kg)', digits=(16, 2))
    volume = fields.Float('Volume (m³)', digits=(16, 3))
    company_id = fields.Many2one(related='order_id.company_id', store=True, precompute=True)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalise(vals) for vals in vals_list]
        orders = self.env['sale.order'].browse([vals['order_id'] for vals in vals_list if vals.get('order_id')])
        orders._merch_guard_shipped_edit({'merch_container_ids'})
        return super().create(vals_list)

    def write(self, vals):
        self.order_id._merch_guard_shipped_edit({'merch_container_ids'})
        return super().write(self._normalise(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_shipped(self):
        self.order_id._merch_guard_shipped_edit({'merch_container_ids'})

    @staticmethod
    def _normalise(vals):
        # Written "CSQU 305438-3" on the container door: keep letters and digits.
        if vals.get('name'):
            vals = dict(vals, name=re.sub(r'[^A-Za-z0-9]', '', vals['name']).upper())
        return vals

    @api.constrains('name', 'container_type')
    def _check_number(self):
        for container in self:
            if not container.name:
                if container.container_type != 'lcl':
                    raise ValidationError(self.env._(
                        "%(order)s: a %(type)s container needs its Container Number.",
                        order=container.order_id.name, type=dict(CONTAINER_TYPES)[container.container_type]))
                continue
            if not CONTAINER_NUMBER.match(container.name):
                raise ValidationError(self.env._(
                    "Container Number %(number)s: expected 3 letters of the owner, U, J or Z, then 7 digits "
                    "(ISO 6346), e.g. CSQU3054383.", number=container.name))
            expected = iso6346_check_digit(container.name)
            if int(container.name[10]) != expected:
                raise ValidationError(self.env._(
                    "Container Number %(number)s: the check digit is %(digit)s, it should be %(expected)s. "
                    "Check the number on the container door.",
                    number=container.name, digit=container.name[10], expected=expected))

    @api.constrains('packages', 'gross_weight', 'volume')
    def _check_quantities(self):
        for container in self:
            if min(container.packages, container.gross_weight, container.volume) < 0:
                raise ValidationError(self.env._(
                    "Container %(number)s: packages, weight and volume cannot be negative.",
                    number=container.name or ''))
