/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lanbpf_abi.h - what lanbpf.bpf.c's programs and vmnet's nf_tables rules
 * must agree on (included by both; no other header here: the BPF side is
 * compiled by clang for another target).
 */
#ifndef VMNET_LANBPF_ABI_H
#define VMNET_LANBPF_ABI_H

/* The mark of a wlan VM's frame that vmnet_wlan_host put into the
 * uplink's ingress, for the host: up_NET takes it off and keeps the frame
 * from being copied back to the VMs. ("vmnh") */
#define WLAN_HOST_MARK 0x766d6e68u

#endif
