from odoo import fields, models

# The incoterms where the seller's part ends in the country of export: their
# named place is the port of loading; for the others, the port of discharge.
PLACE_OF_LOADING_TERMS = ('EXW', 'FCA', 'FAS', 'FOB')


class SaleOrder(models.Model):
    """What the export documents (report/sale_order_export_documents.xml)
    read from the order: the commercial invoice, the packing list and the
    draft of the customs declaration agree with each other and with the
    order because they all read these helpers.

    The commercial invoice is what the customer pays: the goods grouped by
    HS code, then every other priced line of the order (freight, insurance,
    a discount) as a row of its own, adding up to the order's untaxed amount.
    The declaration states the goods only: their value at the order's
    incoterm, and says so."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    def _merch_document_date(self):
        """The date of the commercial invoice and of its packing list: the
        shipment's, as export practice dates them, since the buyer's bank and
        customs read them with the bill of lading and the declaration, not
        with the order. The ETD once the vessel is booked, else the
        ex-factory date the T&A plan ships on, else the order date (an order
        not planned yet). The declaration draft keeps its own dates: the day
        it is declared and the day the goods left."""
        self.ensure_one()
        return self.merch_etd or self.ex_factory_date or fields.Date.context_today(self, self.date_order)

    def _merch_incoterm_place(self):
        """The incoterm with its named place: the order's Incoterm Location,
        else the port of loading for the terms where the seller's part ends
        there (EXW, FCA, FAS, FOB), else the port of discharge (CFR, CIF,
        DAP...)."""
        self.ensure_one()
        if not self.incoterm:
            return ''
        place = self.incoterm_location or (
            self.merch_port_loading if self.incoterm.code in PLACE_OF_LOADING_TERMS else self.merch_port_discharge)
        return ('%s %s' % (self.incoterm.code, place or '')).strip()

    def _merch_packing_lines(self):
        """One row per line of goods for the packing list: quantity, packages,
        net and gross weight, volume. The order's figures (as the merchandiser
        set them) are shared out in proportion to each line's weight, volume
        and packages from its product, so that the rows add up to the order
        exactly."""
        self.ensure_one()
        estimates = self._merch_line_estimates()
        for estimate in estimates:
            estimate['quantity'] = estimate['line'].product_uom_qty
        shares = {
            'packages': self._merch_share(self.merch_packages, [e['packages'] or e['quantity'] for e in estimates], 0),
            'net': self._merch_share(self.merch_net_weight, [e['net'] or e['quantity'] for e in estimates], 2),
            'gross': self._merch_share(self.merch_gross_weight, [e['net'] or e['quantity'] for e in estimates], 2),
            'volume': self._merch_share(self.merch_volume, [e['volume'] or e['quantity'] for e in estimates], 3),
        }
        return [{'line': estimate['line'], 'packages': int(shares['packages'][index]), 'net': shares['net'][index],
                 'gross': shares['gross'][index], 'volume': shares['volume'][index]}
                for index, estimate in enumerate(estimates)]

    @staticmethod
    def _merch_share(total, weights, digits):
        """The total shared out in proportion to the weights, rounded, the
        rounding remainder on the last share: the shares add up to the total."""
        if not weights:
            return []
        if not sum(weights):
            weights = [1] * len(weights)
        shares = [round(total * weight / sum(weights), digits) for weight in weights]
        shares[-1] = round(total - sum(shares[:-1]), digits)
        return shares

    def _merch_customs_lines(self):
        """The goods on the commercial invoice and the declaration, grouped by
        HS code, with the customs names, the declaration elements' values,
        the quantity (in the sale unit and in the code's legal units), the
        value, the weights and the origin."""
        self.ensure_one()
        groups = {}
        for row in self._merch_packing_lines():
            line = row['line']
            product = line.product_id
            hs_code = product.product_tmpl_id._merch_hs_code()
            group = groups.setdefault(hs_code.id, {
                'hs_code': hs_code, 'products': self.env['product.product'], 'quantity': 0.0,
                'uom': line.product_uom, 'amount': 0.0, 'net': 0.0, 'gross': 0.0, 'packages': 0,
                'origins': self.env['res.country']})
            group['products'] |= product
            group['quantity'] += line.product_uom._compute_quantity(line.product_uom_qty, group['uom'])
            group['amount'] += line.price_subtotal
            group['net'] += row['net']
            group['gross'] += row['gross']
            group['packages'] += row['packages']
            group['origins'] |= product.origin_country_id
        result = []
        for group in groups.values():
            templates = group['products'].product_tmpl_id
            group['name_cn'] = group['hs_code'].merch_customs_name or ', '.join(
                filter(None, templates.mapped('merch_customs_name_cn')))
            group['name_en'] = ', '.join(filter(None, templates.mapped('merch_customs_name_en'))) or \
                ', '.join(group['products'].mapped('name'))
            group['elements'] = ' / '.join(template._merch_declaration_text() for template in templates)
            group['customs_quantities'] = [
                (self._merch_customs_quantity(group, uom), uom)
                for uom in (group['hs_code'].merch_customs_uom_id, group['hs_code'].merch_customs_uom2_id) if uom]
            result.append(group)
        return sorted(result, key=lambda group: group['hs_code'].local_code or '')

    def _merch_customs_quantity(self, group, uom):
        """The group's quantity in a legal unit: its net weight for a weight
        unit, else its quantity converted."""
        if uom.category_id == self.env.ref('uom.product_uom_categ_kgm'):
            return self.env.ref('uom.product_uom_kgm')._compute_quantity(group['net'], uom)
        if uom.category_id == group['uom'].category_id:
            return group['uom']._compute_quantity(group['quantity'], uom)
        return group['quantity']

    def _merch_charge_lines(self):
        """The order's priced lines that are not goods: freight, insurance,
        a discount, a service. (A down payment's line stays at quantity 0 on
        the order: it changes what is invoiced, not what is sold.)"""
        goods = self._merch_goods_lines()
        return self.order_line.filtered(
            lambda line: line not in goods and not line.display_type
            and not self.currency_id.is_zero(line.price_subtotal))

    def _merch_goods_value(self):
        """The value of the goods at the order's incoterm: what the
        declaration states."""
        self.ensure_one()
        return sum(self._merch_goods_lines().mapped('price_subtotal'))

    def _merch_invoice_total(self):
        """The commercial invoice's total: its rows, goods and charges, which
        is the order's untaxed amount."""
        self.ensure_one()
        return self._merch_goods_value() + sum(self._merch_charge_lines().mapped('price_subtotal'))
