"""What every test of the follow-up starts from: an export company with two
merchandisers, a manager, a salesperson and a customer."""
from odoo.tests.common import SavepointCase


class MerchandisingCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(MerchandisingCase, cls).setUpClass()
        # No mail is really sent from tests; tracking still runs.
        cls.env = cls.env(context=dict(cls.env.context, mail_notrack=False, tracking_disable=False,
                                       mail_create_nolog=True, no_reset_password=True))
        ref = cls.env.ref
        cls.stage = {xid: ref('merchandising.stage_%s' % xid) for xid in (
            'enquiry', 'quotation_sent', 'sampling', 'order_confirmed', 'materials',
            'production', 'inspection', 'booking_customs', 'shipped', 'closed')}
        group_merchandiser = ref('merchandising.group_merchandiser')
        group_manager = ref('merchandising.group_merchandising_manager')
        group_salesman = ref('sales_team.group_sale_salesman')
        cls.merchandiser = cls._user('Chen Jing', 'test_merch_chen', group_merchandiser)
        cls.other_merchandiser = cls._user('Zhao Lei', 'test_merch_zhao', group_merchandiser)
        cls.manager = cls._user('Sun Hui', 'test_merch_manager', group_manager)
        cls.salesperson = cls._user('Liu Yang', 'test_salesperson', group_salesman)
        cls.customer = cls.env['res.partner'].create({
            'name': 'Baltic Apparel OÜ', 'customer': True, 'is_company': True,
            'email': 'buyer@baltic-apparel.example.com'})
        cls.hs_code = cls.env['hs.code'].create({
            'local_code': '6109909000', 'description': 'T-shirts, singlets, of other textile materials, knitted',
            'merch_declaration_elements': '品名|织造方法|成分含量|品牌类型|出口享惠情况'})
        cls.product = cls.env['product.product'].create({
            'name': 'Merino base layer', 'type': 'consu', 'list_price': 21.0,
            'weight': 0.2, 'volume': 0.002, 'hs_code_id': cls.hs_code.id,
            'merch_declaration_value_ids': [(0, 0, {'element': element, 'value': value}) for element, value in (
                ('品名', '针织T恤'), ('织造方法', '针织'), ('成分含量', '100%美利奴羊毛'),
                ('品牌类型', '境外品牌(贴牌生产)'), ('出口享惠情况', '不享受'))]})

    @classmethod
    def _user(cls, name, login, group):
        return cls.env['res.users'].create({
            'name': name, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id, group.id])]})

    def _order(self, merchandiser=None, **vals):
        """A quotation for the customer, created by the salesperson's team."""
        vals.setdefault('partner_id', self.customer.id)
        vals.setdefault('user_id', self.salesperson.id)
        if merchandiser is not None:
            vals['merchandiser_id'] = merchandiser.id
        vals.setdefault('order_line', [(0, 0, {
            'product_id': self.product.id, 'name': self.product.name,
            'product_uom_qty': 500, 'price_unit': 20.5})])
        return self.env['sale.order'].create(vals)

    def _history(self, order):
        """The order's stage history, oldest first."""
        return order.merch_stage_history_ids.sorted(lambda line: (line.date_in, line.id))

    def _ship(self, order):
        """Everything a confirmed order needs to enter Shipped: samples
        approved, customs released, documents received, goods delivered."""
        self._approve_samples(order)
        order.merch_declaration_no = '310120260518765432'
        order.action_merch_customs_prepare()
        order.action_merch_customs_declare()
        order.action_merch_customs_release()
        order.merch_document_ids.action_receive()
        for picking in order.picking_ids:
            for move in picking.move_lines:
                move.quantity_done = move.product_uom_qty
            picking.action_done()

    def _approve_samples(self, order, *codes):
        """Samples approved by the customer, of the types the stage gates ask
        for by default (PP before Production, shipping before Shipped)."""
        for code in codes or ('pp', 'shipping'):
            self.env['merchandising.sample'].create({
                'order_id': order.id, 'state': 'approved',
                'type_id': self.env.ref('merchandising.sample_type_%s' % code).id})
