import { createSecretKey, randomBytes } from 'node:crypto';
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
      useFactory: (config: AppConfig) => {
        // Outside production a missing secret means a fresh one per start (tokens end with the process).
        // A KeyObject, made once: given a string, jsonwebtoken re-parses the key on every request.
        const key = createSecretKey(config.JWT_SECRET ? Buffer.from(config.JWT_SECRET) : randomBytes(32));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: '8h', issuer: 'yantai-ce', algorithm: 'HS256' as const },
          verifyOptions: { issuer: 'yantai-ce', algorithms: ['HS256' as const] },
        };
      },
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
