"""Importing through Odoo's standard import (``load()``, what Import in a
list view calls): a file with some bad rows names each bad row with a clear
message, and nothing of the file is imported — for every model a
merchandiser or a manager fills from a spreadsheet."""
from freezegun import freeze_time

from customs_case import CustomsCase
from merchandising_case import MerchandisingCase


@freeze_time('2026-11-26')
class TestImport(CustomsCase, MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.env['sale.order'].create({
            'name': 'SO-IMPORT-1', 'partner_id': cls.customer.id, 'user_id': cls.salesperson.id,
            'merchandiser_id': cls.merchandiser.id, 'date_order': '2026-11-02 08:00:00'})
        cls.other_customer = cls.env['res.partner'].create({
            'name': 'Dune Outfitters LLC', 'is_company': True, 'customer_rank': 1})

    def _load(self, model, fields, rows, user=None, creates=True):
        """Import as the merchandiser (or ``user``), as they would from a
        spreadsheet (rows of new records, unless ``creates`` is False); return
        the ids and {row index: [messages]} of the errors."""
        Model = self.env[model].with_user(user or self.merchandiser)
        before = Model.search_count([])
        result = Model.load(fields, rows)
        # What the next request reads: load() rolls the database back to
        # before the file, not the records cached in this transaction.
        self.env.invalidate_all()
        messages = [message for message in result['messages'] if message['type'] == 'error']
        # Odoo 18's load() tries the rows together first; when a row's check
        # fails it tries them one by one, and puts the first failure first,
        # under the first row: a repeat of that row's own message.
        if len(messages) > 1 and messages[0]['message'] in [m['message'] for m in messages[1:]]:
            messages = messages[1:]
        errors = {}
        for message in messages:
            errors.setdefault(message['record'], []).append(message['message'])
        created = len(rows) if result['ids'] is not False and creates else 0
        self.assertEqual(Model.search_count([]), before + created)
        return result['ids'], errors

    def test_milestones_with_bad_rows_import_nothing_and_name_each_row(self):
        fields = ['order_id', 'name', 'planned_date', 'revised_date', 'revision_reason_id', 'state']
        rows = [
            ['SO-IMPORT-1', 'Fabric in-house', '2026-12-01', '', '', 'pending'],                 # 0 good
            ['SO-IMPORT-1', 'Trims in-house', '2026-12-35', '', '', 'pending'],                  # 1 no such date
            ['SO-NOWHERE', 'Dyeing', '2026-12-03', '', '', 'pending'],                           # 2 no such order
            ['SO-IMPORT-1', '', '2026-12-04', '', '', 'pending'],                                # 3 no name
            ['SO-IMPORT-1', 'Cutting', '2026-12-05', '2026-10-01', 'Capacity', 'pending'],       # 4 promised before the order
            ['SO-IMPORT-1', 'Sewing', '2026-12-06', '', '', 'finished'],                         # 5 no such state
            ['SO-IMPORT-1', 'Packing', '2026-12-07', '', '', 'pending'],                         # 6 good
            ['SO-IMPORT-1', 'Labels', '2026-12-07', '2026-12-09', '', 'pending'],                # 7 promised without a reason
        ]
        ids, errors = self._load('merchandising.milestone', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2, 3, 4, 5, 7])
        self.assertIn('2026-12-35', ' '.join(errors[1]))
        self.assertIn('SO-NOWHERE', ' '.join(errors[2]))
        self.assertIn('Milestone', ' '.join(errors[3]))
        self.assertIn('the revised date 2026-10-01 is before the order date', ' '.join(errors[4]))
        self.assertIn('finished', ' '.join(errors[5]))
        self.assertIn('Labels: say why the date moves', ' '.join(errors[7]))
        self.assertFalse(self.order.merch_milestone_ids)
        # The same file without its bad rows imports whole.
        ids, errors = self._load('merchandising.milestone', fields, [rows[0], rows[6]])
        self.assertEqual(errors, {})
        self.assertEqual(self.order.merch_milestone_ids.mapped('name'), ['Fabric in-house', 'Packing'])

    def test_a_milestone_imported_as_done_needs_its_actual_date_in_the_past(self):
        fields = ['order_id', 'name', 'planned_date', 'actual_date']
        rows = [
            ['SO-IMPORT-1', 'Lab dips', '2026-11-10', '2026-11-12'],                       # 0 good: done
            ['SO-IMPORT-1', 'Bulk fabric', '2026-11-20', '2026-12-24'],                    # 1 in the future
        ]
        ids, errors = self._load('merchandising.milestone', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1])
        self.assertIn('the actual date 2026-12-24 is in the future', ' '.join(errors[1]))
        ids, errors = self._load('merchandising.milestone', fields, rows[:1])
        self.assertEqual(self.order.merch_milestone_ids.mapped('state'), ['done'])

    def test_samples_with_bad_rows_import_nothing_and_name_each_row(self):
        fields = ['order_id', 'partner_id', 'type_id', 'quantity', 'tracking_ref']
        rows = [
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Pre-production (PP)', '2', 'UPS-1'],     # 0 good
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Unicorn Sample', '2', 'UPS-2'],          # 1 no such type
            ['SO-IMPORT-1', 'Dune Outfitters LLC', 'Fit', '1', 'UPS-3'],                   # 2 another customer's order
            ['', '', 'Proto', '1', 'UPS-4'],                                               # 3 no customer
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Fit', 'three', 'UPS-5'],                 # 4 not a number
            ['', 'Dune Outfitters LLC', 'Proto', '1', 'UPS-6'],                            # 5 good
            ['SO-IMPORT-1', 'Baltic Apparel OÜ', 'Fit', '0', 'UPS-7'],                     # 6 nothing sent
        ]
        ids, errors = self._load('merchandising.sample', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2, 3, 4, 6])
        self.assertIn('Unicorn Sample', ' '.join(errors[1]))
        self.assertIn("the customer must be the order's customer", ' '.join(errors[2]))
        self.assertIn('Customer', ' '.join(errors[3]))
        self.assertIn('three', ' '.join(errors[4]))
        self.assertIn('the quantity must be more than 0', ' '.join(errors[6]))
        self.assertFalse(self.env['merchandising.sample'].search([('tracking_ref', 'like', 'UPS-')]))
        ids, errors = self._load('merchandising.sample', fields, [rows[0], rows[5]])
        self.assertEqual(errors, {})
        self.assertEqual(len(ids), 2)

    def test_a_sample_imported_past_its_draft_is_refused(self):
        # A file of samples already approved would skip the customer's decision.
        fields = ['order_id', 'type_id', 'state']
        rows = [['SO-IMPORT-1', 'Pre-production (PP)', 'approved']]
        for user in (self.merchandiser, self.manager):
            ids, errors = self._load('merchandising.sample', fields, rows, user=user)
            self.assertIs(ids, False)
            self.assertIn('Status cannot be set directly', ' '.join(errors[0]))
        ids, errors = self._load('merchandising.sample', fields, [rows[0][:2] + ['draft']])
        self.assertEqual(errors, {})

    def test_containers_with_bad_rows_import_nothing_and_name_each_row(self):
        fields = ['order_id', 'name', 'container_type', 'packages']
        rows = [
            ['SO-IMPORT-1', 'CSQU 305438-3', '40HQ', '420'],                               # 0 good
            ['SO-IMPORT-1', 'CSQU3054384', '40HQ', '10'],                                  # 1 wrong check digit
            ['SO-IMPORT-1', 'MSKU9070323', 'Tank', '10'],                                  # 2 no such type
            ['SO-IMPORT-1', 'MSKU9070323', '20GP', '-5'],                                  # 3 negative
        ]
        ids, errors = self._load('merchandising.container', fields, rows)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2, 3])
        self.assertIn('the check digit is 4, it should be 3', ' '.join(errors[1]))
        self.assertIn('Tank', ' '.join(errors[2]))
        self.assertIn('cannot be negative', ' '.join(errors[3]))
        ids, errors = self._load('merchandising.container', fields, rows[:1])
        self.assertEqual(self.order.merch_container_ids.mapped('name'), ['CSQU3054383'])

    def test_hs_codes_with_bad_rows_import_nothing_and_name_each_row(self):
        self.env.company.country_id = self.env.ref('base.cn')
        fields = ['local_code', 'description', 'merch_rebate_rate']
        rows = [
            ['6110.2000.90', 'Cotton pullovers, knitted', '13'],                           # 0 good
            ['61102000', 'Too short for China', '13'],                                     # 1 8 digits
            ['6110300090', 'Synthetic pullovers', '130'],                                  # 2 rebate above 100 %
        ]
        ids, errors = self._load('hs.code', fields, rows, user=self.manager)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2])
        self.assertIn('a Chinese customs code has 10 digits', ' '.join(errors[1]))
        self.assertIn('the Export Rebate must be between 0 and 100', ' '.join(errors[2]))
        ids, errors = self._load('hs.code', fields, rows[:1], user=self.manager)
        self.assertEqual(self.env['hs.code'].browse(ids).local_code, '6110200090')

    def test_a_template_with_its_lines_imports_whole_or_not_at_all(self):
        # One template a row, its milestones on the rows below (Odoo's
        # import of lines): a bad milestone refuses its template.
        fields = ['name', 'line_ids/name', 'line_ids/offset_days', 'line_ids/responsible_role']
        rows = [
            ['Knitwear 60 days', 'Yarn in-house', '-45', 'Purchasing'],
            ['', 'Knitting done', '-20', 'A Given User'],                                   # 1 which user?
            ['Wovens 45 days', 'Fabric in-house', '-30', 'Merchandiser'],
        ]
        Template = self.env['merchandising.milestone.template']
        ids, errors = self._load(Template._name, fields, rows, user=self.manager)
        self.assertIs(ids, False)
        self.assertEqual(list(errors), [0])
        self.assertIn("Knitwear 60 days, milestone Knitting done: the responsible is 'A Given User'",
                      ' '.join(errors[0]))
        self.assertFalse(Template.search([('name', 'in', ('Knitwear 60 days', 'Wovens 45 days'))]))
        ids, errors = self._load(Template._name, fields, [rows[0], rows[2]], user=self.manager)
        self.assertEqual(errors, {})
        self.assertEqual(Template.browse(ids).line_ids.mapped('name'), ['Yarn in-house', 'Fabric in-house'])

    def test_sample_types_and_trade_modes_with_bad_rows_import_nothing(self):
        fields = ['name', 'code', 'lead_days', 'needs_approval', 'required_before_stage_id']
        rows = [
            ['Salesman sample', 'SMS', '5', 'True', ''],                                   # 0 good
            ['Photo sample', 'PHO', '-2', 'True', ''],                                     # 1 negative lead time
            ['Swatch card', 'SWC', '3', 'False', 'Production'],                            # 2 gates without approval
        ]
        ids, errors = self._load('merchandising.sample.type', fields, rows, user=self.manager)
        self.assertIs(ids, False)
        self.assertEqual(sorted(errors), [1, 2])
        self.assertIn('the lead time cannot be negative', ' '.join(errors[1]))
        self.assertIn("must need the customer's approval", ' '.join(errors[2]))
        rows = [['1210', 'Bonded warehouse'], ['0110', 'General trade again']]            # 1 code taken
        ids, errors = self._load('merchandising.trade.mode', ['code', 'name'], rows, user=self.manager)
        self.assertIs(ids, False)
        self.assertIn("The value for the field 'code' already exists", ' '.join(sum(errors.values(), [])))
        self.assertFalse(self.env['merchandising.trade.mode'].search([('code', '=', '1210')]))

    def test_documents_are_received_with_their_buttons_not_by_import(self):
        packing_list = self.env.ref('merchandising.document_type_packing_list')
        document = self.env['merchandising.shipping.document'].create({
            'order_id': self.order.id, 'type_id': packing_list.id})
        # Updating the checklist from a file: by the line's database id.
        fields = ['id', 'state']
        xmlid = document._export_rows([['id']])[0][0]
        for state in ('Approved', 'Received'):
            ids, errors = self._load('merchandising.shipping.document', fields, [[xmlid, state]], creates=False)
            self.assertIs(ids, False)
            self.assertIn("Packing list of SO-IMPORT-1: State cannot be set directly: use the document's buttons",
                          ' '.join(errors[0]))
            self.assertEqual(document.state, 'missing')
        # The same state, with a note: the note is imported.
        ids, errors = self._load('merchandising.shipping.document', fields + ['note'],
                                 [[xmlid, 'Missing', 'Courier lost the first copy']], creates=False)
        self.assertEqual(errors, {})
        self.assertEqual(document.note, 'Courier lost the first copy')

    def test_an_import_a_merchandiser_may_not_do_says_so(self):
        # Configuration is the managers': a merchandiser's file of stages is refused whole.
        ids, errors = self._load('merchandising.stage', ['name', 'sequence'], [['Waiting for payment', '95']])
        self.assertIs(ids, False)
        self.assertTrue(errors[0])
