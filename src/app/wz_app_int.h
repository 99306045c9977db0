/*
 * wz_app_int: the services wz_app owns, for admin mode (internal to src/app).
 */
#ifndef WZ_APP_INT_H
#define WZ_APP_INT_H

#include "wz_app.h"
#include "wz_recorder.h"

struct wz_upload_worker;
struct wz_alert;

wz_recorder *wz_app_recorder(wz_app *a);           /* NULL: no statistics */
struct wz_upload_worker *wz_app_upload(wz_app *a); /* NULL: uploads are off */
struct wz_alert *wz_app_alert(wz_app *a);          /* the presses and the staff alert */

#endif
