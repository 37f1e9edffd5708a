/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-peer-form.h"

G_BEGIN_DECLS

/* For the UI tests: the error the form shows now, or NULL. */
const char *_fifolab_peer_form_get_error (FifolabPeerForm *self);

G_END_DECLS
