# VM C of t_wlan_netdev.sh: only asks for a lease (dhcp-broadcast = no).
lease
