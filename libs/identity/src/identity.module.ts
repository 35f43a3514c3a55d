import { randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { IdentityBootstrap } from './bootstrap.service';
import {
  AuthController,
  OrgsController,
  PersonsController,
  UsersController,
} from './http/identity.controller';
import { IdentityService } from './identity.service';
import { OrgDirectory } from './org-directory';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Outside production a missing secret means a fresh one per start (tokens end with the process).
        secret: config.JWT_SECRET ?? randomBytes(32).toString('hex'),
        signOptions: { expiresIn: '8h', issuer: 'yantai-ce' },
        verifyOptions: { issuer: 'yantai-ce' },
      }),
    }),
  ],
  controllers: [AuthController, OrgsController, UsersController, PersonsController],
  providers: [
    OrgDirectory,
    IdentityService,
    AuthService,
    IdentityBootstrap,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [OrgDirectory, IdentityService],
})
export class IdentityModule {}
