not expressible: the Admin rules' `nodes` peer (CNP egress to nodes by label, experimental) has no NPL form; an address external would be a `networks` peer, another object
