"""In a real browser: Wang Wei (merchandiser2, language zh_CN on the copy
database, see conftest.py) reads the web client in Chinese — the app, its
menus, the pipeline's stages and the order form's labels."""


def test_merchandiser_reads_chinese(browser, e2e):
    order = e2e.ref('merchandising.order_confirmed_maison')
    browser.login('merchandiser2', 'merchandiser2')
    browser.open_action(e2e.ref('merchandising.action_merchandising_pipeline'),
                        e2e.ref('merchandising.menu_merchandising_root'))
    # The app and its menus.
    browser.click('.app-drawer-toggle')
    assert browser.find('#appDrawerAppMenu a[data-menu-name="跟单"]')
    browser.click('.app-drawer-icon-close')
    menu = browser.find('#odooMenuBarNav').get_attribute('textContent')
    for label in ('跟单', '跟单看板', '样品'):
        assert label in menu, (label, menu)
    # The pipeline: its title and the stages (询盘 = Enquiry, 生产 = Production).
    assert '跟单看板' in browser.find('.o_control_panel .breadcrumb').text
    titles = [element.get_attribute('textContent').strip()
              for element in browser.find_all('.o_kanban_group .o_column_title')]
    assert '询盘' in titles and 'Enquiry' not in titles, titles
    browser.screenshot('zh_pipeline')

    # The order form: its tabs and the merchandiser's field labels.
    browser.open_record('sale.order', order)
    browser.click('.o_form_view .nav-tabs a', text='生产进度（T&A）')
    for label in ('出厂日期', '状况'):
        assert browser.find('.o_form_view .tab-pane.active .o_form_label', text=label)
    browser.click('.o_form_view .nav-tabs a', text='跟单')
    assert browser.find('.o_form_view .tab-pane.active .o_form_label', text='跟单员')
    browser.screenshot('zh_order')
