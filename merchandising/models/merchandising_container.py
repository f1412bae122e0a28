import re

from odoo import _, api, fields, models
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
    it holds and weighs; LCL when the goods share one."""

    _name = 'merchandising.container'
    _description = 'Shipping Container'
    _order = 'order_id, id'

    order_id = fields.Many2one('sale.order', 'Order', required=True, index=True, ondelete='cascade')
    name = fields.Char(
        'Container Number', help="Owner code, category, serial number and check digit (ISO 6346), "
                                 "e.g. CSQU3054383. Not needed for LCL.")
    seal_number = fields.Char('Seal Number')
    container_type = fields.Selection(CONTAINER_TYPES, 'Type', required=True, default='40hq')
    packages = fields.Integer('Packages')
    gross_weight = fields.Float('Gross Weight (kg)', digits=(16, 2))
    volume = fields.Float('Volume (m³)', digits=(16, 3))
    company_id = fields.Many2one(related='order_id.company_id', store=True, readonly=True)

    @api.model
    def create(self, vals):
        return super(MerchandisingContainer, self).create(self._normalise(vals))

    @api.multi
    def write(self, vals):
        return super(MerchandisingContainer, self).write(self._normalise(vals))

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
                    raise ValidationError(_("%s: a %s container needs its Container Number.") % (
                        container.order_id.name, dict(CONTAINER_TYPES)[container.container_type]))
                continue
            if not CONTAINER_NUMBER.match(container.name):
                raise ValidationError(_(
                    "Container Number %s: expected 3 letters of the owner, U, J or Z, then 7 digits "
                    "(ISO 6346), e.g. CSQU3054383.") % container.name)
            expected = iso6346_check_digit(container.name)
            if int(container.name[10]) != expected:
                raise ValidationError(_(
                    "Container Number %s: the check digit is %s, it should be %s. Check the number "
                    "on the container door.") % (container.name, container.name[10], expected))

    @api.constrains('packages', 'gross_weight', 'volume')
    def _check_quantities(self):
        for container in self:
            if min(container.packages, container.gross_weight, container.volume) < 0:
                raise ValidationError(_("Container %s: packages, weight and volume cannot be negative.")
                                      % (container.name or ''))
