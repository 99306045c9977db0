/*
 * wz_screen_group: group mode's pages (set-up, a decision's show of hands, a passage, the
 * ending with the discussion questions), drawn inside admin mode's screen.
 */
#ifndef WZ_SCREEN_GROUP_H
#define WZ_SCREEN_GROUP_H

#include "wz_group_mode.h"
#include "wz_screens.h"

/* The action of a group mode control: what wz_admin_action forwards to wz_group_mode. */
#define WZ_SCREEN_GROUP_ACT(a) (WZ_ACT_ADMIN_FIRST + WZ_ADMIN_GROUP_FIRST + (a))

void wz_screen_group_build(wz_screen_ctx *sx, wz_ui *ui, const wz_group_mode *m);

#endif
