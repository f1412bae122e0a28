"""What the customs and shipping tests add to the follow-up's starting point:
the product has an HS code and its declaration elements; helpers confirm,
deliver and ship an order as the merchandiser and the warehouse do. A test
that ships an order (to Shipped, to Closed) mixes this in for ``_ship``."""
import subprocess
import unicodedata

from odoo import Command

DECLARATION_NO = '310120260518765432'


def pdf_text(content):
    """The text of a PDF, as pdftotext reads it (layout kept). NFKC folds the
    Kangxi radicals pdftotext reads some glyphs as (⼈ for 人) back to the
    characters printed; the zero-width space Odoo puts after a minus sign
    goes."""
    result = subprocess.run(['pdftotext', '-layout', '-', '-'], input=content, stdout=subprocess.PIPE, check=True)
    return unicodedata.normalize('NFKC', result.stdout.decode('utf-8')).replace('\u200b', '')


class CustomsCase:
    """A mixin, before ``MerchandisingCase`` in a test's bases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hs_code = cls.env['hs.code'].create({
            'local_code': '6109909000', 'description': 'T-shirts, singlets, of other textile materials, knitted',
            'merch_declaration_elements': '品名|织造方法|成分含量|品牌类型|出口享惠情况'})
        cls.product.write({
            'hs_code_id': cls.hs_code.id,
            'merch_declaration_value_ids': [Command.create({'element': element, 'value': value, 'sequence': sequence})
                                            for sequence, (element, value) in enumerate((
                                                ('品名', '针织T恤'), ('织造方法', '针织'), ('成分含量', '100%美利奴羊毛'),
                                                ('品牌类型', '境外品牌(贴牌生产)'), ('出口享惠情况', '不享受')))]})

    def _confirmed(self, **vals):
        """A confirmed order the merchandiser follows."""
        vals.setdefault('merchandiser', self.merchandiser)
        order = self._order(**vals)
        order.action_confirm()
        return order

    def _deliver(self, order):
        """The warehouse ships everything the order's open deliveries hold."""
        for picking in order.picking_ids.filtered(lambda p: p.state not in ('done', 'cancel')):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            self.assertIs(picking.button_validate(), True)

    def _ship(self, order):
        """Everything a confirmed order needs to enter Shipped (every test
        that ships an order ships it here): the samples the stages ask for
        approved by the customer (PP, shipping) unless they are, customs
        released, the documents received, the goods delivered."""
        approved = order.merch_sample_ids.filtered(lambda sample: sample.state == 'approved').type_id
        missing = [code for code in ('pp', 'shipping')
                   if self.env.ref('merchandising.sample_type_%s' % code) not in approved]
        if missing:
            self._approve_samples(order, *missing)
        order.merch_declaration_no = DECLARATION_NO
        order.action_customs_prepare()
        order.action_customs_declare()
        order.action_customs_release()
        order.merch_document_ids.action_receive()
        self._deliver(order)
