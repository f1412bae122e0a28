import { registry } from "@web/core/registry";

const COMMENT = "Sleeves 2 cm too long; zip garage missing at the chin.";

// The customer, in the portal: My samples, the received sample, rejected with a comment.
registry.category("web_tour.tours").add("merchandising_portal_reject_sample", {
    url: "/my",
    steps: () => [
        {
            content: "Open Samples from the portal home",
            trigger: ".o_portal_docs a:contains('Samples')",
            run: "click",
        },
        {
            content: "The received fit sample is listed",
            trigger: ".o_merch_portal_sample_row:contains('Received') a",
            run: "click",
        },
        {
            content: "Write why",
            trigger: ".o_merch_sample_decision textarea[name=comment]",
            run: `edit ${COMMENT}`,
        },
        {
            content: "Reject",
            trigger: ".o_merch_sample_decision button[value=reject]",
            run: "click",
        },
        {
            content: "The portal thanks and shows the decision",
            trigger: ".alert-info:contains('the sample is rejected')",
        },
        {
            trigger: ".o_merch_portal_sample h4:contains('Rejected')",
        },
        {
            trigger: `.o_merch_customer_comment:contains('${COMMENT}')`,
        },
        {
            content: "No decision left to take",
            trigger: "body:not(:has(.o_merch_sample_decision))",
        },
    ],
});

// The merchandiser, in the back end: the sample's chatter says why.
registry.category("web_tour.tours").add("merchandising_sample_rejection_in_chatter", {
    steps: () => [
        {
            content: "The customer's comment is in the chatter",
            trigger: `.o-mail-Message:contains('${COMMENT}')`,
        },
        {
            trigger: ".o-mail-Message:contains('Rejected by the customer')",
        },
        {
            content: "The sample is rejected",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Rejected')",
        },
    ],
});
