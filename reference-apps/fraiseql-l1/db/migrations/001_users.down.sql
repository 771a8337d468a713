drop table tb_login_failure;
drop table tb_api_token;
drop table tb_user;
