"""Chinese merchandisers read the addon in Chinese: every term of the addon is
in the template and translated in zh_CN.po."""
import io
import os

import polib

import odoo
from odoo.tests.common import SavepointCase
from odoo.tools.translate import trans_export, trans_load

I18N = os.path.join(os.path.dirname(odoo.modules.get_module_path('merchandising')), 'merchandising', 'i18n')


class TestChineseTranslation(SavepointCase):

    def test_the_template_holds_every_term_of_the_installed_addon(self):
        buffer = io.BytesIO()
        trans_export(False, ['merchandising'], buffer, 'po', self.cr)
        exported = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode('utf-8')) if entry.msgid}
        template = {entry.msgid for entry in polib.pofile(os.path.join(I18N, 'merchandising.pot')) if entry.msgid}
        self.assertEqual(exported - template, set(),
                         'terms missing from merchandising.pot: re-export it (see README)')

    def test_every_term_is_translated(self):
        template = polib.pofile(os.path.join(I18N, 'merchandising.pot'))
        chinese = {entry.msgid: entry.msgstr for entry in polib.pofile(os.path.join(I18N, 'zh_CN.po'))}
        terms = [entry.msgid for entry in template if entry.msgid]
        untranslated = [term for term in terms if not chinese.get(term)]
        self.assertGreater(len(terms), 600)
        self.assertEqual(untranslated, [])

    def test_the_pipeline_reads_in_chinese(self):
        self.env['res.lang'].load_lang('zh_CN')
        trans_load(self.cr, os.path.join(I18N, 'zh_CN.po'), 'zh_CN')
        stage = self.env.ref('merchandising.stage_enquiry').with_context(lang='zh_CN')
        self.assertEqual(stage.name, '询盘')
        fields = self.env['sale.order'].with_context(lang='zh_CN').fields_get(['merchandiser_id', 'ex_factory_date'])
        self.assertEqual(fields['merchandiser_id']['string'], '跟单员')
        self.assertEqual(fields['ex_factory_date']['string'], '出厂日期')
