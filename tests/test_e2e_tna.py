"""In a real browser: Li Na learns that the fabric of SO026 (the demo's
order in Materials) came in on the planned date after all, records the date
on the order's T&A tab, and the order's health goes from at risk (amber) to on
track (green), on the form and on the pipeline's card."""


def _health_badge(browser, order_name):
    card = browser.card('Materials', order_name)
    badge = card.find_element_by_css_selector('.o_merch_health')
    return badge.text, badge.get_attribute('class')


def test_recording_an_actual_date_puts_the_order_back_on_track(browser, e2e):
    order = e2e.ref('merchandising.order_materials_nordic')
    order_name, = e2e.execute('SELECT name FROM sale_order WHERE id = %s', (order,))[0]
    milestone, planned = e2e.execute("""
        SELECT name, to_char(planned_date, 'MM/DD/YYYY') FROM merchandising_milestone
         WHERE order_id = %s AND state = 'late' ORDER BY sequence LIMIT 1""", (order,))[0]

    browser.login('merchandiser1', 'merchandiser1')
    browser.open_action(e2e.ref('merchandising.action_merchandising_pipeline'),
                        e2e.ref('merchandising.menu_merchandising_root'))
    text, classes = _health_badge(browser, order_name)
    assert text == 'At Risk' and 'label-warning' in classes, (text, classes)

    # The order, its T&A tab, the late milestone's Actual date.
    browser.press(lambda driver: browser.card('Materials', order_name).find_element_by_css_selector(
        '.o_kanban_record_title'), 'the card of %s' % order_name)
    browser.find('.o_form_view .oe_title', text=order_name)
    browser.click('.o_form_buttons_view .o_form_button_edit')
    browser.find('.o_form_view.o_form_editable')
    browser.click('.o_form_view .nav-tabs a', text='T&A')
    assert browser.find('.o_form_view .o_field_widget[name=merch_health]').text == 'At Risk'
    table = browser.find('.o_field_one2many[name=merch_milestone_ids] table')
    headers = [th.text.strip() for th in table.find_elements_by_css_selector('thead th')]
    column = headers.index('Actual')
    browser.press(lambda driver: browser.find('.o_field_one2many[name=merch_milestone_ids] tr.o_data_row',
                                              text=milestone).find_elements_by_css_selector('td')[column],
                  'the Actual cell of %s' % milestone)
    date_input = browser.find('.o_field_one2many[name=merch_milestone_ids] tr.o_selected_row '
                              'td:nth-child(%d) input' % (column + 1))
    date_input.clear()
    date_input.send_keys(planned)
    # Leaving the cell sets the value; the onchange marks the milestone done.
    browser.click('.o_form_view .o_field_widget[name=merch_template_id], .o_form_view .oe_title')
    browser.wait(lambda driver: 'Done' in browser.find(
        '.o_field_one2many[name=merch_milestone_ids] tr.o_data_row', text=milestone).text,
        'the milestone does not read Done once its actual date is entered')
    browser.screenshot('order_tna_editing')
    browser.click('.o_form_buttons_edit .o_form_button_save')
    browser.find('.o_form_view.o_form_readonly')
    browser.idle()

    # The form says on track; the T&A shows the milestone done on its date.
    browser.wait(lambda driver: browser.find('.o_form_view .o_field_widget[name=merch_health]').text == 'On Track',
                 'the health does not read On Track after saving')
    row = browser.find('.o_field_one2many[name=merch_milestone_ids] tr.o_data_row', text=milestone)
    assert planned in row.text and 'Done' in row.text, row.text
    browser.screenshot('order_tna')
    health, state = e2e.execute("""
        SELECT o.merch_health, m.state FROM sale_order o JOIN merchandising_milestone m ON m.order_id = o.id
         WHERE o.id = %s AND m.name = %s""", (order, milestone))[0]
    assert (health, state) == ('on_track', 'done')

    # Back on the pipeline: the card's badge turned green.
    browser.click('.o_control_panel .breadcrumb a', text='Follow-up Pipeline')
    browser.wait(lambda driver: _health_badge(browser, order_name)[0] == 'On Track',
                 "the card's badge does not read On Track")
    assert 'label-success' in _health_badge(browser, order_name)[1]
