"""In a real browser at 390 × 844: the pipeline, the chase list (the T&A
milestones to chase) and the samples on Li Na's phone — one column at a time, every card
whole inside the screen, each with the facts she needs: customer, order, date
and state."""
from browser import PHONE


def _assert_cards_fit(phone, column_css, expected):
    """The current column's cards: inside the viewport, and saying what
    ``expected`` lists (a list of texts per card, any card)."""
    assert phone.viewport_width() == PHONE[0]
    # The page itself never scrolls sideways.
    assert phone.driver.execute_script(
        'return document.documentElement.scrollWidth') <= PHONE[0]
    cards = phone.find_all(column_css + ' .o_kanban_record')
    assert cards, 'no card in the current column'
    for card in cards:
        box = card.rect
        assert box['x'] >= 0 and box['x'] + box['width'] <= PHONE[0], (card.text, box)
    card_parts = ', '.join(column_css + ' .o_kanban_record' + part for part in (
        '', ' .o_kanban_record_title', ' .o_kanban_record_subtitle', ' .o_kanban_record_body > *',
        ' .o_kanban_record_bottom'))
    assert phone.overflowing(card_parts + ', .o_control_panel, .o_kanban_mobile_tab.o_current, .navbar') == []
    texts = [card.text for card in cards]
    for facts in expected:
        assert any(all(fact in text for fact in facts) for text in texts), (facts, texts)


def _current_column(phone, title):
    """Show the column ``title`` (a tap on its tab) and return the CSS of that
    column."""
    # The tabs beside the current one are off screen: found by their text.
    tab = phone.wait(lambda driver: next((
        tab for tab in driver.find_elements_by_css_selector('.o_kanban_mobile_tab')
        if tab.get_attribute('textContent').strip() == title), None), 'no tab %s' % title)
    if 'o_current' not in tab.get_attribute('class'):
        # The tabs slide; a tap on a half-hidden one is what a thumb does.
        phone.driver.execute_script('arguments[0].click();', tab)
        phone.wait(lambda driver: 'o_current' in tab.get_attribute('class'), 'tab %s not current' % title)
    phone.idle()
    column_id = tab.get_attribute('data-id')
    css = '.o_kanban_group[data-id="%s"]' % column_id
    phone.wait(lambda driver: abs(phone.find(css).rect['x']) < 1, 'column %s did not slide in' % title)
    return css


def test_pipeline_chase_list_and_samples_on_a_phone(phone, e2e):
    order = e2e.ref('merchandising.order_materials_nordic')
    name, ex_factory = e2e.execute(
        "SELECT name, to_char(ex_factory_date, 'MM/DD/YYYY') FROM sale_order WHERE id = %s", (order,))[0]

    phone.login('merchandiser1', 'merchandiser1')
    phone.open_action(e2e.ref('merchandising.action_merchandising_pipeline'),
                      e2e.ref('merchandising.menu_merchandising_root'))
    # web_responsive: no sidebar, the kanban takes the whole width.
    assert not phone.find_all('.o_sub_menu')
    assert phone.find('.o_kanban_view').rect['width'] <= PHONE[0]
    column = _current_column(phone, 'Materials')
    _assert_cards_fit(phone, column, [['Nordic Outdoor', name, ex_factory, 'Materials']])
    phone.screenshot('phone_pipeline')

    # The chase list: her open milestones, kanban first, by state.
    phone.open_action(e2e.ref('merchandising.action_merchandising_milestone'),
                      e2e.ref('merchandising.menu_merchandising_root'))
    assert phone.find_all('.o_kanban_view'), 'the chase list does not open as a kanban'
    late = e2e.execute("""
        SELECT m.name, o.name, p.name, to_char(m.due_date, 'MM/DD/YYYY')
          FROM merchandising_milestone m
          JOIN sale_order o ON o.id = m.order_id
          JOIN res_partner p ON p.id = o.partner_id
          JOIN res_users u ON u.id = o.merchandiser_id
         WHERE m.state = 'late' AND u.login = 'merchandiser1'
         ORDER BY m.due_date LIMIT 1""")
    assert late, 'the demo has no late milestone of merchandiser1 to chase'
    column = _current_column(phone, 'Late')
    _assert_cards_fit(phone, column, [list(late[0]) + ['Late']])
    phone.screenshot('phone_chase_list')

    # The samples: the PP sample she sent, waiting for the customer.
    sample = e2e.ref('merchandising.sample_pp_materials_nordic')
    facts = e2e.execute("""
        SELECT s.name, o.name, to_char(s.date_due, 'MM/DD/YYYY')
          FROM merchandising_sample s JOIN sale_order o ON o.id = s.order_id WHERE s.id = %s""", (sample,))[0]
    phone.open_action(e2e.ref('merchandising.action_merchandising_sample'),
                      e2e.ref('merchandising.menu_merchandising_root'))
    column = _current_column(phone, 'Sent')
    _assert_cards_fit(phone, column, [list(facts) + ['Nordic Outdoor', 'Sent']])
    phone.screenshot('phone_samples')
