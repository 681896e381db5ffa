#!/usr/bin/perl
# Net::Server::PreFork serving the Net::Waiter demo reply: read the request head, reply, close.
# Usage: demo-server.pl <port>
package DemoServer;
use strict;
use warnings;
use base qw(Net::Server::PreFork);

sub process_request {
    my $self = shift;
    while (defined(my $line = <STDIN>)) {
        last if $line =~ /^\r?\n$/;
    }
    print "HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nhello world\n";
}

package main;
my $port = shift or die "usage: $0 <port>\n";
DemoServer->run(
    host => '127.0.0.1', port => $port, ipv => 4,
    min_servers => 8, min_spare_servers => 4, max_spare_servers => 16, max_servers => 64,
    max_requests => 100000, listen => 1024, log_level => 0, background => 0,
);
