# expect: import-not-allowed
import socket
socket.create_connection(("10.0.0.1", 80))
