"""In a real browser: Li Na (merchandiser1) drags her orders across the
follow-up pipeline; the gate refuses Production while the PP sample is not
approved, and the card goes back."""


def _stage(e2e, order_id):
    return e2e.execute("""
        SELECT s.name FROM sale_order o JOIN merchandising_stage s ON s.id = o.merch_stage_id
         WHERE o.id = %s""", (order_id,))[0][0]


def test_drag_to_next_stage_and_gate_refuses_production(browser, e2e):
    enquiry = e2e.ref('merchandising.order_enquiry_harbor')
    materials = e2e.ref('merchandising.order_materials_nordic')
    names = dict(e2e.execute('SELECT id, name FROM sale_order WHERE id IN %s', ((enquiry, materials),)))

    # She opens the app from the app drawer (web_responsive): her morning
    # screen, My Follow-up, then the pipeline from the Follow-up menu.
    browser.login('merchandiser1', 'merchandiser1')
    browser.open_app('Merchandising')
    browser.find('.o_merch_tile', text='Overdue Milestones')
    browser.click('a.dropdown-toggle', text='Follow-up')
    browser.click('a[data-menu-xmlid="merchandising.menu_merchandising_pipeline"]')
    browser.find('.o_kanban_view .o_kanban_group')
    browser.idle()
    assert 'Follow-up Pipeline' in browser.find('.o_control_panel .breadcrumb').text

    # The enquiry moves on to Quotation sent, and stays there.
    card = browser.card('Enquiry', names[enquiry])
    browser.scroll_to(card)
    browser.drag(card, browser.column('Quotation sent'))
    browser.card('Quotation sent', names[enquiry])
    browser.idle()
    assert not browser.find_all('.modal'), browser.find('.modal').text
    assert not any(names[enquiry] in text for text in browser.cards('Enquiry'))
    # The database says so (once the write went through): the stage, and a
    # history line opened by her.
    browser.wait(lambda driver: _stage(e2e, enquiry) == 'Quotation sent', 'the order did not move in the database')
    history = e2e.execute("""
        SELECT s.name, h.date_out IS NULL, u.login
          FROM merchandising_stage_history h
          JOIN merchandising_stage s ON s.id = h.stage_id
          JOIN res_users u ON u.id = h.user_id
         WHERE h.order_id = %s ORDER BY h.date_in, h.id""", (enquiry,))
    assert history == [('Enquiry', False, 'merchandiser1'), ('Quotation sent', True, 'merchandiser1')]
    browser.screenshot('pipeline')

    # Into Production while the PP sample is only sent: the gate says why ...
    card = browser.card('Materials', names[materials])
    browser.scroll_to(card)
    browser.drag(card, browser.column('Production'))
    dialog = browser.find('.modal .modal-body', text="cannot be changed to 'Production'")
    assert names[materials] in dialog.text and 'not approved by the customer' in dialog.text, dialog.text
    browser.screenshot('pipeline_gate')
    browser.click('.modal .modal-footer button')
    browser.gone('.modal')
    browser.idle()
    # ... and the card goes back to Materials, where the order still is.
    browser.card('Materials', names[materials])
    assert not any(names[materials] in text for text in browser.cards('Production'))
    assert _stage(e2e, materials) == 'Materials'
