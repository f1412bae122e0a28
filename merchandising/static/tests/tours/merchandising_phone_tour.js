import { registry } from "@web/core/registry";

// On a 390 × 844 phone: the pipeline shows one stage at a time, each card
// says its stage; the ☰ menu leads to the chase list (T&A milestones), whose
// cards say the order and the state.
registry.category("web_tour.tours").add("merchandising_phone", {
    steps: () => [
        {
            content: "The pipeline's card, with its stage on it",
            trigger: ".o_kanban_record:contains('Phone Buyer AS') .o_merch_state:contains('Order confirmed')",
        },
        {
            content: "The card fits the screen",
            trigger: ".o_kanban_record:contains('Phone Buyer AS')",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width > window.innerWidth) {
                    throw new Error(`the card is ${width}px wide on a ${window.innerWidth}px screen`);
                }
            },
        },
        {
            content: "Open the app's menu",
            trigger: ".o_menu_toggle",
            run: "click",
        },
        {
            content: "The chase list",
            trigger: ".o_app_menu_sidebar li[data-menu-xmlid='merchandising.menu_merchandising_milestone']",
            run: "click",
        },
        {
            content: "The overdue milestone of the order, marked late",
            trigger: ".o_kanban_record:contains('Materials ordered'):contains('Phone Buyer AS')",
        },
    ],
});
