drop table auth_login_failure;
drop table auth_token;
drop table auth_user;
