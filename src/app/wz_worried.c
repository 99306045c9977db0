/*
 * wz_worried: the words of the "I'm worried" page (see the header).
 *
 * Short sentences a ten-year-old reads at a glance, one service a line, with the number
 * or address to use. Services and numbers are the ones the Help screen gives; they are
 * checked against the services' own pages before each release (docs/content-guidelines).
 */
#include "wz_worried.h"

#include <string.h>

#include "wz_i18n.h"

static const char CHILDLINE[] =
    WZ_N("Childline: call 0800 1111 or chat at childline.org.uk. It is free, any time, and you "
         "do not have to give your name.");
static const char NSPCC[] = WZ_N(
    "Worried about a child? The NSPCC helpline for adults: 0808 800 5000 or help@nspcc.org.uk.");
static const char CEOP[] = WZ_N("Someone online making you feel uneasy, or asking for pictures? "
                                "Report it to CEOP: ceop.police.uk/safety-centre");
static const char REMOVE[] = WZ_N("A nude picture of you shared online? Childline's Report "
                                  "Remove can help get it taken down.");
static const char ACT_EARLY[] = WZ_N("Worried someone is being pulled into hate or violence? "
                                     "ACT Early: 0800 011 3764 (actearly.uk).");
static const char HARMFUL[] = WZ_N("Upset by something you saw online? Report Harmful Content "
                                   "can help: reportharmfulcontent.com");
static const char DANGER[] = WZ_N("In danger right now? Call 999.");

static void add(wz_worried_page *p, const char *line)
{
    if (p->nlines < WZ_WORRIED_MAX_LINES) p->lines[p->nlines++] = wz_tr(line);
}

void wz_worried_page_get(const wz_session *s, int alert_on, wz_worried_page *out)
{
    memset(out, 0, sizeof *out);
    out->heading = wz_tr("You did the right thing.");
    out->message = alert_on ? wz_tr("Someone from the team is coming to you.")
                            : wz_tr("Please go to the front desk and say you pressed the button.");
    out->reassure = alert_on
                        ? wz_tr("You are not in trouble. You can stay here until they come.")
                        : wz_tr("You are not in trouble. The team will be glad you told them.");
    out->help_head = wz_tr("You can also talk to");
    const wz_scenario *sc = wz_session_scenario(s);
    const char *topic = sc && sc->topic ? sc->topic : "";
    int parents = wz_session_audience(s) == WZ_AUD_PARENTS;
    if (parents) add(out, NSPCC);
    add(out, CHILDLINE);
    if (!strcmp(topic, "grooming")) {
        add(out, CEOP);
        add(out, REMOVE);
    } else if (!strcmp(topic, "radicalisation")) {
        add(out, ACT_EARLY);
    } else {
        add(out, CEOP);
        add(out, HARMFUL);
    }
    add(out, DANGER);
}
