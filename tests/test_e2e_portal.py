"""In a real browser: the buyer of Nordic Outdoor (portal1) rejects the fit
sample she received, with a comment, from My samples; Li Na, the
merchandiser, then reads the comment in the sample's chatter."""
from browser import Browser

COMMENT = 'Sleeves 2 cm too long; zip garage missing at the chin.'


def test_customer_rejects_sample_merchandiser_reads_why(browser, e2e):
    sample = e2e.ref('merchandising.sample_fit_sampling_nordic')
    name, = e2e.execute('SELECT name FROM merchandising_sample WHERE id = %s', (sample,))[0]

    # The customer: her portal home, My samples, the received sample.
    browser.login('portal1', 'portal1')
    browser.click('.o_portal_docs a', text='Samples')
    row = browser.find('.o_merch_portal_samples tr', text=name)
    assert 'Received' in row.text
    browser.click('a', text=name, within=row)
    browser.find('.o_merch_portal_sample h4', text=name)
    browser.find('.o_merch_sample_decision textarea[name=comment]').send_keys(COMMENT)
    browser.screenshot('portal_sample')
    browser.click('.o_merch_sample_decision button[value=reject]')
    browser.find('.alert-info', text='the sample is rejected')
    assert 'Rejected' in browser.find('.o_merch_portal_sample h4').text
    assert COMMENT in browser.find('.o_merch_customer_comment').text
    assert not browser.find_all('.o_merch_sample_decision')
    browser.screenshot('portal_sample_rejected')

    # The merchandiser, in another browser: the sample's chatter says why.
    merchandiser = Browser(browser.base_url)
    try:
        merchandiser.login('merchandiser1', 'merchandiser1')
        merchandiser.open_record('merchandising.sample', sample)
        message = merchandiser.find('.o_mail_thread .o_thread_message', text=COMMENT)
        assert 'Rejected by the customer' in message.text
        assert 'Karin Lindqvist' in message.text
        assert 'Rejected' in merchandiser.find('.o_form_view .o_statusbar_status .btn-primary').text
        merchandiser.screenshot('portal_sample_chatter')
    except Exception:
        merchandiser.screenshot('FAILED-portal_sample_chatter')
        raise
    finally:
        merchandiser.quit()
