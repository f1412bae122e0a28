import { registry } from "@web/core/registry";

// The mill's sales assistant, on a phone: My production, the milestone, a new
// date with its reason, the yarn received so far, sent.
registry.category("web_tour.tours").add("merchandising_factory_portal_update", {
    url: "/my/production",
    steps: () => [
        {
            content: "The mill's milestone is listed",
            trigger: ".o_merch_factory_row a:contains('Materials in-house')",
            run: "click",
        },
        {
            content: "Promise a new date",
            trigger: ".o_merch_factory_update input[name=revised_date]",
            // The phone's date picker: the value it sets (the tour's "edit"
            // types text, which a date input does not take).
            run() {
                const input = document.querySelector(".o_merch_factory_update input[name=revised_date]");
                input.value = "2030-01-15";
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Say why",
            trigger: ".o_merch_factory_update select[name=reason_id]",
            run: "selectByLabel Material late",
        },
        {
            trigger: ".o_merch_factory_update input[name=note]",
            run: "edit The dye house is two weeks behind",
        },
        {
            content: "Report what is done so far",
            trigger: ".o_merch_factory_update input[name^=qty_]",
            run: "edit 400",
        },
        {
            content: "Send",
            trigger: ".o_merch_factory_submit",
            run: "click",
        },
        {
            content: "The portal thanks and shows the new date",
            trigger: ".alert-success:contains('the merchandiser has your update')",
        },
        {
            trigger: ".o_merch_factory_milestone:contains('Material late')",
        },
    ],
});
