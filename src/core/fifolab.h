/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FIFO Lab core: GLib/GIO only. */
#pragma once

#include "fifolab-types.h"
#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-fifo.h"
#include "fifolab-folder-model.h"
#include "fifolab-framer.h"
#include "fifolab-holder.h"
#include "fifolab-holder-monitor.h"
#include "fifolab-holder-scan.h"
#include "fifolab-log.h"
#include "fifolab-log-entry.h"
#include "fifolab-pipe-info.h"
#include "fifolab-pipe-list.h"
#include "fifolab-pipe-name.h"
#include "fifolab-pipe-set.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-writer.h"
