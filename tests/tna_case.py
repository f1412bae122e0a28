"""What the tests of production chasing (T&A) start from, on top of the
follow-up's users and customer: the standard T&A template, and helpers to
make a template, read a plan in order and translate a mail template."""
from odoo import Command

from merchandising_case import MerchandisingCase, every_day_calendar


class TnaCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default_template = cls.env.ref('merchandising.milestone_template_default')
        cls.company = cls.env.company
        cls.reason = cls.env.ref('merchandising.delay_reason_material')
        cls.customer_change = cls.env.ref('merchandising.delay_reason_customer_change')

    def _template(self, lines, **vals):
        """A template of (name, offset, chained[, anchor]) lines, offsets in
        working days. A chained line waits for the chained line before it and
        lasts until its own offset: the chain is the plan's critical path, a
        delay of one of them moves the rest as far, in working days."""
        vals.setdefault('name', 'Test T&A')
        vals.setdefault('sequence', 1)
        durations, previous = [], None
        for line in lines:
            durations.append(line[1] - previous if line[2] and previous is not None else 1)
            previous = line[1] if line[2] else previous
        vals['line_ids'] = [Command.create({
            'name': line[0], 'offset_days': line[1], 'duration_days': max(0, duration),
            'anchor': line[3] if len(line) > 3 else 'ex_factory', 'sequence': index})
            for index, (line, duration) in enumerate(zip(lines, durations))]
        template = self.env['merchandising.milestone.template'].create(vals)
        chained = [template_line for template_line, line in zip(template.line_ids, lines) if line[2]]
        self.env['merchandising.milestone.template.dependency'].create([
            {'line_id': line.id, 'predecessor_id': previous.id} for previous, line in zip(chained, chained[1:])])
        return template

    def _work_every_day(self):
        """The company works seven days a week: offsets and durations count
        calendar days (for tests of what is not about working days)."""
        self.company.resource_calendar_id = every_day_calendar(self.env)

    def _promise(self, milestone, revised_date, reason=None):
        """The factory promises a new date: entered with its reason."""
        milestone.write({'revised_date': revised_date, 'revision_reason_id': (reason or self.reason).id})

    def _plan(self, order):
        return order.merch_milestone_ids.sorted(lambda m: (m.sequence, m.id))

    def _translate(self, template, lang, **fields):
        """Translate fields of a mail template into ``lang``, as a translator
        would in the .po file: {field: {English text: translated text}}."""
        self.env['res.lang']._activate_lang(lang)
        for name, replacements in fields.items():
            field = template._fields[name]
            if field.translate is True:     # translated whole (the subject, the body)
                translation = self._replace_all(template[name], replacements)
            else:                           # translated term by term
                translation = {term: self._replace_all(term, replacements)
                               for term in field.get_trans_terms(template[name])
                               if any(english in term for english in replacements)}
            template.update_field_translations(name, {lang: translation})

    @staticmethod
    def _replace_all(text, replacements):
        for english, translated in replacements.items():
            text = text.replace(english, translated)
        return text
