/**
 * GENERATED FILE, DO NOT EDIT.
 *
 * The Kasus API's paths, request bodies and responses as TypeScript types, generated from the
 * server's OpenAPI document (GET /api/openapi.json) by scripts/generate-api-types.ts.
 * After changing a route's schema, regenerate with: npm run generate:api
 */

export interface paths {
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit events, newest first */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    departmentId?: string;
                    from?: string;
                    page?: number;
                    pageSize?: number;
                    patientId?: string;
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                at: string;
                                /** @description The case a case or media event concerns: consecutive events of one case can be shown as one */
                                caseId: string | null;
                                clientIp: string | null;
                                departmentId: string | null;
                                departmentName: string | null;
                                details: {
                                    [key: string]: unknown;
                                };
                                /** @description When the case (of a case or media event) was created */
                                objectDate: string | null;
                                objectId: string | null;
                                /** @description The object’s name: a case’s or media item’s department, a user’s, system’s, routine’s… name */
                                objectName: string | null;
                                objectType: string | null;
                                outcome: string;
                                patientId: string | null;
                                /** @description The patient’s identifier as people write it (19121212-1212) */
                                patientIdentifier: string | null;
                                requestId: string | null;
                                role: string | null;
                                seq: number;
                                /** @description The user’s display name, when the user still exists */
                                userDisplayName: string | null;
                                userId: string | null;
                                username: string | null;
                            }[];
                            page: number;
                            pageSize: number;
                            /** @description The hospital’s time zone, for showing times */
                            timeZone: string;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export audit events as CSV (UTF-8, oldest first) */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    departmentId?: string;
                    from?: string;
                    patientId?: string;
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search audit events; takes a patient identifier in the body (never in the URL) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action?: string;
                        departmentId?: string;
                        from?: string;
                        /** @default 1 */
                        page?: number;
                        /** @default 50 */
                        pageSize?: number;
                        patientId?: string;
                        patientIdentifier?: string;
                        to?: string;
                        userId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                at: string;
                                /** @description The case a case or media event concerns: consecutive events of one case can be shown as one */
                                caseId: string | null;
                                clientIp: string | null;
                                departmentId: string | null;
                                departmentName: string | null;
                                details: {
                                    [key: string]: unknown;
                                };
                                /** @description When the case (of a case or media event) was created */
                                objectDate: string | null;
                                objectId: string | null;
                                /** @description The object’s name: a case’s or media item’s department, a user’s, system’s, routine’s… name */
                                objectName: string | null;
                                objectType: string | null;
                                outcome: string;
                                patientId: string | null;
                                /** @description The patient’s identifier as people write it (19121212-1212) */
                                patientIdentifier: string | null;
                                requestId: string | null;
                                role: string | null;
                                seq: number;
                                /** @description The user’s display name, when the user still exists */
                                userDisplayName: string | null;
                                userId: string | null;
                                username: string | null;
                            }[];
                            page: number;
                            pageSize: number;
                            patientId?: string | null;
                            /** @description The hospital’s time zone, for showing times */
                            timeZone: string;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users by id and name, for the audit filter */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            displayName: string;
                            id: string;
                            username: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backlog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The backlog of paper and offline material from outages (C8), newest first, in the departments the caller works in (all with continuity.manage) */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    kind?: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                    outageId?: string;
                    /** @description true: only items not yet verified */
                    outstanding?: "true" | "false";
                    page?: number;
                    pageSize?: number;
                    state?: "registered" | "entered" | "verified";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                count: number;
                                department: {
                                    id: string;
                                    name: string;
                                };
                                description: string;
                                entered: {
                                    at: string;
                                    by: {
                                        id: string;
                                        name: string;
                                    };
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                                /** @description The outage notice the item was produced during; null for media captured offline outside a registered outage */
                                outageId: string | null;
                                patient: {
                                    id: string;
                                    /** @description Only for those with patient.read in the department */
                                    identifier: string | null;
                                } | null;
                                registered: {
                                    at: string;
                                    by: {
                                        id: string;
                                        name: string;
                                    };
                                };
                                /** @enum {string} */
                                state: "registered" | "entered" | "verified";
                                updatedAt: string;
                                verified: {
                                    at: string;
                                    by: {
                                        id: string;
                                        name: string;
                                    };
                                } | null;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register something produced during an outage (incident.report or case.write in the department); it starts as registered */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How many sheets or files (default 1) */
                        count?: number;
                        departmentId: string;
                        description: string;
                        /** @enum {string} */
                        kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                        /** @description The outage notice (an update or recovery notice stands for its outage) */
                        outageId: string;
                        /** @description Kasus’s patient id (from POST /api/patients/lookup); identifiers never go in URLs */
                        patientId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            department: {
                                id: string;
                                name: string;
                            };
                            description: string;
                            entered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                            id: string;
                            /** @enum {string} */
                            kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                            /** @description The outage notice the item was produced during; null for media captured offline outside a registered outage */
                            outageId: string | null;
                            patient: {
                                id: string;
                                /** @description Only for those with patient.read in the department */
                                identifier: string | null;
                            } | null;
                            registered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            };
                            /** @enum {string} */
                            state: "registered" | "entered" | "verified";
                            updatedAt: string;
                            verified: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backlog/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backlog item */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            department: {
                                id: string;
                                name: string;
                            };
                            description: string;
                            entered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                            id: string;
                            /** @enum {string} */
                            kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                            /** @description The outage notice the item was produced during; null for media captured offline outside a registered outage */
                            outageId: string | null;
                            patient: {
                                id: string;
                                /** @description Only for those with patient.read in the department */
                                identifier: string | null;
                            } | null;
                            registered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            };
                            /** @enum {string} */
                            state: "registered" | "entered" | "verified";
                            updatedAt: string;
                            verified: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backlog/{id}/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an item one step forward: registered → entered (incident.report or case.write), entered → verified (case.sign or continuity.manage)
         * @description Any other step (back, skipping, repeating) is refused with 409 conflict.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        to: "entered" | "verified";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            department: {
                                id: string;
                                name: string;
                            };
                            description: string;
                            entered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                            id: string;
                            /** @enum {string} */
                            kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                            /** @description The outage notice the item was produced during; null for media captured offline outside a registered outage */
                            outageId: string | null;
                            patient: {
                                id: string;
                                /** @description Only for those with patient.read in the department */
                                identifier: string | null;
                            } | null;
                            registered: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            };
                            /** @enum {string} */
                            state: "registered" | "entered" | "verified";
                            updatedAt: string;
                            verified: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backlog/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What is still outstanding (not verified) per department and kind, for one outage or all */
        get: {
            parameters: {
                query?: {
                    outageId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            departments: {
                                count: number;
                                department: {
                                    id: string;
                                    name: string;
                                };
                                items: number;
                                kinds: {
                                    count: number;
                                    entered: number;
                                    items: number;
                                    /** @enum {string} */
                                    kind: "paper_referral" | "paper_answer" | "paper_note" | "offline_media";
                                    registered: number;
                                }[];
                            }[];
                            outage: {
                                closedAt: string | null;
                                id: string;
                                message: string | null;
                                startedAt: string;
                                status: string;
                                system: {
                                    id: string;
                                    name: string;
                                };
                            } | null;
                            total: {
                                count: number;
                                items: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/captures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start (or repeat) an offline capture session: the patient found or registered, a draft case recording oral consent and purpose, an offline_media backlog item
         * @description 201 when created; 200 with the same answer when the caller repeats it for the same patient and department; 409 capture_conflict when the id is another patient’s, department’s or user’s.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        departmentId: string;
                        /**
                         * Format: uuid
                         * @description Made on the device
                         */
                        id: string;
                        /** @description The patient’s identifier as typed */
                        identifier: string;
                        /** @enum {string} */
                        identityVerification: "id_document" | "known_to_staff" | "ehr_context";
                        oralConsent: boolean;
                        purpose: string;
                        startedAt: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The draft case the items are added to */
                            caseId: string;
                            departmentId: string;
                            id: string;
                            /** @description The items stored so far */
                            items: {
                                key: string;
                                mediaId: string;
                                /** @description SHA-256 (hex) of the bytes as received, which the device captured */
                                sha256: string;
                                /** @enum {string} */
                                state: "stored";
                            }[];
                            patientId: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The draft case the items are added to */
                            caseId: string;
                            departmentId: string;
                            id: string;
                            /** @description The items stored so far */
                            items: {
                                key: string;
                                mediaId: string;
                                /** @description SHA-256 (hex) of the bytes as received, which the device captured */
                                sha256: string;
                                /** @enum {string} */
                                state: "stored";
                            }[];
                            patientId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/captures/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s capture session and its stored items */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The draft case the items are added to */
                            caseId: string;
                            departmentId: string;
                            id: string;
                            /** @description The items stored so far */
                            items: {
                                key: string;
                                mediaId: string;
                                /** @description SHA-256 (hex) of the bytes as received, which the device captured */
                                sha256: string;
                                /** @enum {string} */
                                state: "stored";
                            }[];
                            patientId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/captures/{id}/items/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item of the caller’s capture session: 200 when stored, 404 not_found while it is not */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            mediaId: string;
                            /** @description SHA-256 (hex) of the bytes as received, which the device captured */
                            sha256: string;
                            /** @enum {string} */
                            state: "stored";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search cases you may read, newest first
         * @description q matches whole words in the form's text fields and the captions (every word must occur). Dates are whole days (YYYY-MM-DD) or ISO times; to is inclusive for days. total is counted up to 1000; totalIsLowerBound says there are more.
         */
        get: {
            parameters: {
                query?: {
                    collectionId?: string;
                    departmentId?: string;
                    formId?: string;
                    from?: string;
                    page?: number;
                    pageSize?: number;
                    patientId?: string;
                    q?: string;
                    signedBy?: string;
                    status?: "draft" | "signed";
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                /** @description The earliest capture time of its files */
                                capturedAt: string | null;
                                collectionId: string | null;
                                /** @enum {boolean} */
                                confidential: false;
                                createdAt: string;
                                createdBy: string;
                                departmentId: string;
                                formName: string | null;
                                /** @description The form's name in nb and en, when the form has them */
                                formNameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                formVersionId: string | null;
                                id: string;
                                patientId: string | null;
                                signedAt: string | null;
                                signedBy: string | null;
                                signedByName: string | null;
                                /** @enum {string} */
                                status: "draft" | "signed";
                                /** @description The first file with a thumbnail (GET /api/media/{id}/thumbnail), null when none has one */
                                thumbnailMediaId: string | null;
                                updatedAt: string;
                                version: number;
                            } | {
                                /** @enum {boolean} */
                                confidential: true;
                                createdAt: string;
                                departmentId: string;
                                id: string;
                            })[];
                            page: number;
                            pageSize: number;
                            total: number;
                            totalIsLowerBound: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a draft case for a patient (or in a teaching collection) in a department
         * @description Give patientId and departmentId, or collectionId for teaching material without a patient. Without formId the department's only form is used; a department with several forms needs formId.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        collectionId?: string;
                        departmentId?: string;
                        formId?: string;
                        patientId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            formVersionId: string | null;
                            id: string;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A case with its form, values and media (its latest version) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change form values of a draft (null clears a field); required fields may stay empty until signing */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        values: {
                            [key: string]: (string | number | boolean | string[]) | null;
                        };
                        /** @description The version the change was made on; refused with case_changed if the case has moved on */
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cases/{id}/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Differences between two versions: form fields, media added or removed, captions, order */
        get: {
            parameters: {
                query: {
                    from: number;
                    to: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Annotation shapes added, removed or changed, per image both versions hold */
                            annotations: {
                                added: {
                                    id: string;
                                    text: string | null;
                                    /** @enum {string} */
                                    type: "arrow" | "ellipse" | "freehand" | "text" | "calibration" | "measure";
                                }[];
                                changed: {
                                    id: string;
                                    text: string | null;
                                    /** @enum {string} */
                                    type: "arrow" | "ellipse" | "freehand" | "text" | "calibration" | "measure";
                                }[];
                                mediaId: string;
                                removed: {
                                    id: string;
                                    text: string | null;
                                    /** @enum {string} */
                                    type: "arrow" | "ellipse" | "freehand" | "text" | "calibration" | "measure";
                                }[];
                            }[];
                            captionsChanged: {
                                after: string | null;
                                before: string | null;
                                mediaId: string;
                            }[];
                            fields: {
                                after: (string | number | boolean | string[]) | null;
                                before: (string | number | boolean | string[]) | null;
                                key: string;
                                label: {
                                    en?: string;
                                    nb?: string;
                                    sv: string;
                                };
                            }[];
                            from: number;
                            /** @description Every item either version holds */
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            mediaAdded: string[];
                            mediaRemoved: string[];
                            orderChanged: boolean;
                            to: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/copies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Copies of the case given out (prints, exports, kept originals): who, when, reason, to whom */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            kind: "print" | "export" | "download";
                            madeAt: string;
                            madeBy: string;
                            madeByName: string | null;
                            mediaIds: string[];
                            /** @description The reason's label (Swedish) as configured */
                            reason: string;
                            reasonCode: string;
                            reasonText: string | null;
                            recipient: string | null;
                            version: number;
                            watermark: boolean;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/emergency-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a confidential patient's case in an emergency, for a limited time, with a reason
         * @description Needs case.emergency_open and case.read in the case's department. The reason must hold real words (at least two words of two letters or more, after NFKC and removing invisible characters), else 400 reason_required. The opening and its normalised reason are audited and reported to log operators.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export the case as a ZIP of its cleaned originals with manifest.json, with a reason (400 reason_required without)
         * @description manifest.json holds the case, patient, department, user, time, reason, recipient and each file. With watermark true the images get a visible band with patient, user, time and reason burnt in. Answers application/zip.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these media of the case (all when absent) */
                        mediaIds?: string[];
                        /** @description A code from GET /api/copy-reasons; missing or unknown: 400 reason_required */
                        reasonCode?: string;
                        /** @description Free text beside the reason; required (real words) when the reason says textRequired */
                        reasonText?: string;
                        /** @description To whom the copy is given, when it leaves the hospital */
                        recipient?: string;
                        watermark?: boolean;
                    };
                };
            };
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/import-flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What card imports flagged on the case: series without identity images at start and end, forensic images without one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                code: "identity_series_incomplete" | "forensic_identity_missing";
                                createdAt: string;
                                filenames: string[];
                                id: string;
                                mediaIds: string[];
                                missingEnd?: boolean;
                                missingStart?: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Begin a card import into the case (rights as an upload); files are staged and analysed before anything is added */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload one or more files (multipart/form-data, parts named "file"); each is checked, cleaned of all metadata and stored. A text part "edit" right before a file crops ({"crop":{x,y,width,height}}) or trims ({"trim":{startMs,endMs}}) that file; a text part "ultrasound" = "true" before a file marks it as ultrasound. Audio and ultrasound are accepted only in a session launched from the EHR (otherwise refused ehr_context_required, 403 when nothing else was accepted) */
        post: {
            parameters: {
                query?: {
                    capturedAt?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                filename: string;
                                id: string;
                                status: string;
                            }[];
                            refused: {
                                code: string;
                                existingId?: string;
                                filename: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            items: {
                                filename: string;
                                id: string;
                                status: string;
                            }[];
                            message: string;
                            refused: {
                                code: string;
                                existingId?: string;
                                filename: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/media-order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Put the draft's files in a new order (all of them, each once) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        mediaIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/media/{mediaId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a file from the draft (signed versions keep it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    mediaId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Caption a file of the draft (null or empty removes the caption) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    mediaId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        caption: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cases/{id}/media/{mediaId}/annotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An image's annotations in a version of the case (the latest without version)
         * @description Shapes in image-relative coordinates (0..1 of the width and height): arrow, ellipse, freehand, text, calibration (a line of known length in mm) and measure.
         */
        get: {
            parameters: {
                query?: {
                    version?: number;
                };
                header?: never;
                path: {
                    id: string;
                    mediaId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            /** @description The version is the draft and you may change it */
                            editable: boolean;
                            mediaId: string;
                            shapes: ({
                                id: string;
                                /** @enum {string} */
                                type: "arrow";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            } | {
                                cx: number;
                                cy: number;
                                id: string;
                                rx: number;
                                ry: number;
                                /** @enum {string} */
                                type: "ellipse";
                            } | {
                                id: string;
                                points: (number)[][];
                                /** @enum {string} */
                                type: "freehand";
                            } | {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                type: "text";
                                x: number;
                                y: number;
                            } | {
                                id: string;
                                lengthMm: number;
                                /** @enum {string} */
                                type: "calibration";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            } | {
                                id: string;
                                /** @enum {string} */
                                type: "measure";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            })[];
                            updatedAt: string | null;
                            updatedByName: string | null;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Replace an image's annotations in the draft (a signed version is locked: 409 case_locked)
         * @description At most 200 shapes, ids unique, at most one calibration. Kept as data; the image itself is never changed.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    mediaId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        shapes: ({
                            id: string;
                            /** @enum {string} */
                            type: "arrow";
                            x1: number;
                            x2: number;
                            y1: number;
                            y2: number;
                        } | {
                            cx: number;
                            cy: number;
                            id: string;
                            rx: number;
                            ry: number;
                            /** @enum {string} */
                            type: "ellipse";
                        } | {
                            id: string;
                            points: (number)[][];
                            /** @enum {string} */
                            type: "freehand";
                        } | {
                            id: string;
                            text: string;
                            /** @enum {string} */
                            type: "text";
                            x: number;
                            y: number;
                        } | {
                            id: string;
                            lengthMm: number;
                            /** @enum {string} */
                            type: "calibration";
                            x1: number;
                            x2: number;
                            y1: number;
                            y2: number;
                        } | {
                            id: string;
                            /** @enum {string} */
                            type: "measure";
                            x1: number;
                            x2: number;
                            y1: number;
                            y2: number;
                        })[];
                        /** @description The version the change was made on; refused with case_changed if the case has moved on */
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            /** @description The version is the draft and you may change it */
                            editable: boolean;
                            mediaId: string;
                            shapes: ({
                                id: string;
                                /** @enum {string} */
                                type: "arrow";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            } | {
                                cx: number;
                                cy: number;
                                id: string;
                                rx: number;
                                ry: number;
                                /** @enum {string} */
                                type: "ellipse";
                            } | {
                                id: string;
                                points: (number)[][];
                                /** @enum {string} */
                                type: "freehand";
                            } | {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                type: "text";
                                x: number;
                                y: number;
                            } | {
                                id: string;
                                lengthMm: number;
                                /** @enum {string} */
                                type: "calibration";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            } | {
                                id: string;
                                /** @enum {string} */
                                type: "measure";
                                x1: number;
                                x2: number;
                                y1: number;
                                y2: number;
                            })[];
                            updatedAt: string | null;
                            updatedByName: string | null;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/pacs-exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case's sends to PACS, newest first, and whether its department has a PACS */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            configured: boolean;
                            items: {
                                attempts: number;
                                caseVersion: number;
                                /** @description Why the last attempt failed: unreachable, timeout, http_status, instance_refused, media_unreadable, too_large or internal */
                                errorCode: string | null;
                                errorDetail: string | null;
                                finishedAt: string | null;
                                id: string;
                                /** @description DICOM instances the PACS has confirmed */
                                instancesSent: number;
                                /** @description Images and videos to send */
                                mediaCount: number;
                                requestedAt: string;
                                requestedBy: string;
                                requestedByName: string | null;
                                /**
                                 * @description retrying: the last attempt failed (errorCode) and the job tries again later; failed: given up
                                 * @enum {string}
                                 */
                                status: "queued" | "sending" | "retrying" | "sent" | "failed";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Send a signed case's images and videos to the department's PACS (DICOM over STOW-RS); a background job with retries
         * @description Right media.export in the case’s department. 409 case_not_signed for a draft, 409 pacs_not_configured when the department has no PACS (KASUS_PACS), 409 pacs_nothing_to_send without images or videos. Asked again while a send is under way, the same export answers (200) instead of a new one (202).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            caseVersion: number;
                            /** @description Why the last attempt failed: unreachable, timeout, http_status, instance_refused, media_unreadable, too_large or internal */
                            errorCode: string | null;
                            errorDetail: string | null;
                            finishedAt: string | null;
                            id: string;
                            /** @description DICOM instances the PACS has confirmed */
                            instancesSent: number;
                            /** @description Images and videos to send */
                            mediaCount: number;
                            requestedAt: string;
                            requestedBy: string;
                            requestedByName: string | null;
                            /**
                             * @description retrying: the last attempt failed (errorCode) and the job tries again later; failed: given up
                             * @enum {string}
                             */
                            status: "queued" | "sending" | "retrying" | "sent" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            caseVersion: number;
                            /** @description Why the last attempt failed: unreachable, timeout, http_status, instance_refused, media_unreadable, too_large or internal */
                            errorCode: string | null;
                            errorDetail: string | null;
                            finishedAt: string | null;
                            id: string;
                            /** @description DICOM instances the PACS has confirmed */
                            instancesSent: number;
                            /** @description Images and videos to send */
                            mediaCount: number;
                            requestedAt: string;
                            requestedBy: string;
                            requestedByName: string | null;
                            /**
                             * @description retrying: the last attempt failed (errorCode) and the job tries again later; failed: given up
                             * @enum {string}
                             */
                            status: "queued" | "sending" | "retrying" | "sent" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/print": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Print the case (or chosen media) as a PDF, with a reason (400 reason_required without)
         * @description Form values, images (web previews), signature and version; every page has a footer with patient, department, user, time and reason. The copy is listed under GET /api/cases/{id}/copies. Answers application/pdf.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these media of the case (all when absent) */
                        mediaIds?: string[];
                        /** @description A code from GET /api/copy-reasons; missing or unknown: 400 reason_required */
                        reasonCode?: string;
                        /** @description Free text beside the reason; required (real words) when the reason says textRequired */
                        reasonText?: string;
                        /** @description To whom the copy is given, when it leaves the hospital */
                        recipient?: string;
                    };
                };
            };
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/purge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Purge a case for real (system administrator, right case.purge); a background job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description A retention decision: its reference and date are required
                         * @enum {string}
                         */
                        basis: "decision";
                        decisionDate: string;
                        decisionRef: string;
                    } | {
                        /**
                         * @description Removal of working material, with the kind of reason
                         * @enum {string}
                         */
                        basis: "working_material";
                        /** @enum {string} */
                        reasonKind: "duplicate" | "wrong_patient" | "test_material" | "discarded_draft";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/sign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the draft: it is locked and kept as a version */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version the change was made on; refused with case_changed if the case has moved on */
                        version?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case's versions, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            current: boolean;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            version: number;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a new editable version of a signed case */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy) */
                            annotations?: {
                                mediaId: string;
                                shapes: ({
                                    id: string;
                                    /** @enum {string} */
                                    type: "arrow";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    cx: number;
                                    cy: number;
                                    id: string;
                                    rx: number;
                                    ry: number;
                                    /** @enum {string} */
                                    type: "ellipse";
                                } | {
                                    id: string;
                                    points: (number)[][];
                                    /** @enum {string} */
                                    type: "freehand";
                                } | {
                                    id: string;
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                    x: number;
                                    y: number;
                                } | {
                                    id: string;
                                    lengthMm: number;
                                    /** @enum {string} */
                                    type: "calibration";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                } | {
                                    id: string;
                                    /** @enum {string} */
                                    type: "measure";
                                    x1: number;
                                    x2: number;
                                    y1: number;
                                    y2: number;
                                })[];
                            }[];
                            collection: {
                                id: string;
                                name: string;
                            } | null;
                            collectionId: string | null;
                            createdAt: string;
                            createdBy: string;
                            departmentId: string;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            formVersionId: string | null;
                            id: string;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            patient: {
                                confidential: boolean;
                                id: string;
                                identifier: string;
                                type: string;
                            } | null;
                            patientId: string | null;
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            updatedAt: string;
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of the case as it was signed (or the current draft) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            current: boolean;
                            form: {
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                id: string;
                                name: string;
                                /** @description The form's name in nb and en, when the form has them */
                                nameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                version: number;
                                versionId: string;
                            } | null;
                            media: {
                                cameraMake?: string;
                                cameraModel?: string;
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                derivatives: {
                                    playable?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    poster?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    preview?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                    thumbnail?: {
                                        height?: number;
                                        mime: string;
                                        width?: number;
                                    };
                                };
                                durationMs?: number;
                                edit?: {
                                    crop: {
                                        height: number;
                                        width: number;
                                        x: number;
                                        y: number;
                                    };
                                } | {
                                    trim: {
                                        endMs: number;
                                        startMs: number;
                                    };
                                };
                                height?: number;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                mime: string | null;
                                originalFilename: string;
                                sha256: string | null;
                                sizeBytes: number | null;
                                status: string;
                                uploadedBy: string;
                                width?: number;
                            }[];
                            signedAt: string | null;
                            signedBy: string | null;
                            signedByName: string | null;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            values: {
                                [key: string]: string | number | boolean | string[];
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Teaching collections of the departments you work in */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseCount: number;
                            createdAt: string;
                            departmentId: string;
                            description: string | null;
                            id: string;
                            name: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a teaching collection in a department (teaching.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        departmentId: string;
                        description?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseCount: number;
                            createdAt: string;
                            departmentId: string;
                            description: string | null;
                            id: string;
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/collections/{id}/deidentified-copies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The de-identified copies in a teaching collection, not withdrawn (case.read or teaching.manage in its department); each one's source only for who may read the source's case */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string;
                            consentId: string;
                            createdAt: string;
                            createdBy: {
                                id: string;
                                name: string;
                            };
                            description: string | null;
                            durationMs: number | null;
                            height: number | null;
                            id: string;
                            /** @enum {string} */
                            kind: "image" | "video";
                            mime: string;
                            size: number;
                            source: {
                                caseId: string;
                                mediaId: string;
                            } | null;
                            title: string | null;
                            width: number | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/collections/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pictures copied into a teaching collection and not withdrawn (case.read or teaching.manage in its department) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string;
                            consentId: string;
                            createdAt: string;
                            id: string;
                            mediaId: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Put a ready picture into a teaching collection (teaching.manage) under a written consent of the picture's patient that covers teaching today (the one named, or any); 409 consent_required with a reason (none, scope, revoked, expired, not_yet_valid, not_found) otherwise. bystanders states who else the picture shows: consentIds, the written consents of those persons (bystanders' consents of the same patient, [] for nobody else), and unrecorded: true when someone shown has no consent recorded; left out, the picture is taken to show only the patient. A shown person without a consent covering teaching today is refused 409 consent_required, reason bystander, with bystanders: [{consentId, description, reason (scope, revoked, expired, not_yet_valid, not_found, unrecorded)}]; revoking any of those consents withdraws the copy */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bystanders?: {
                            consentIds: string[];
                            unrecorded?: boolean;
                        };
                        consentId?: string;
                        mediaId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bystanderConsentIds?: string[];
                            collectionId: string;
                            consentId: string;
                            createdAt: string;
                            id: string;
                            mediaId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/consent-notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notices of teaching copies withdrawn because their consent was revoked (collection and dates only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string;
                            collectionName: string;
                            createdAt: string;
                            id: string;
                            revokedOn: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The contacts directory (every logged-in user) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            function: string;
                            id: string;
                            /** @enum {string} */
                            kind: "phone" | "fax" | "email";
                            label: string | null;
                            note: string | null;
                            number: string;
                            priority: number;
                            site: string;
                            updatedAt: string;
                            validity: {
                                days: number[];
                                from: string;
                                to: string;
                            }[];
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a number to the directory (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E.g. "IT-servicedesk", "Röntgenexpeditionen", "Jour systemförvaltning" */
                        function: string;
                        /** @enum {string} */
                        kind: "phone" | "fax" | "email";
                        /** @description E.g. "Dagtid", "Jour", "Natt" */
                        label?: string | null;
                        note?: string | null;
                        /** @description The phone or fax number, or the e-mail address */
                        number: string;
                        /** @description Lower is called first when several are valid (default 1) */
                        priority?: number;
                        /** @description The hospital or site, e.g. "Centralsjukhuset" */
                        site: string;
                        /** @description When the number is valid, in the configured time zone; empty or left out: always */
                        validity?: {
                            /** @description ISO weekdays: 1 = Monday … 7 = Sunday; for a window crossing midnight, the day it starts */
                            days: number[];
                            /** @description Local time, inclusive */
                            from: string;
                            /** @description Local time, exclusive; not after `from` means the window ends the next day */
                            to: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            function: string;
                            id: string;
                            /** @enum {string} */
                            kind: "phone" | "fax" | "email";
                            label: string | null;
                            note: string | null;
                            number: string;
                            priority: number;
                            site: string;
                            updatedAt: string;
                            validity: {
                                days: number[];
                                from: string;
                                to: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            function: string;
                            id: string;
                            /** @enum {string} */
                            kind: "phone" | "fax" | "email";
                            label: string | null;
                            note: string | null;
                            number: string;
                            priority: number;
                            site: string;
                            updatedAt: string;
                            validity: {
                                days: number[];
                                from: string;
                                to: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a contact (continuity.manage) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a contact (continuity.manage) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E.g. "IT-servicedesk", "Röntgenexpeditionen", "Jour systemförvaltning" */
                        function?: string;
                        /** @enum {string} */
                        kind?: "phone" | "fax" | "email";
                        /** @description E.g. "Dagtid", "Jour", "Natt" */
                        label?: string | null;
                        note?: string | null;
                        /** @description The phone or fax number, or the e-mail address */
                        number?: string;
                        /** @description Lower is called first when several are valid (default 1) */
                        priority?: number;
                        /** @description The hospital or site, e.g. "Centralsjukhuset" */
                        site?: string;
                        /** @description When the number is valid, in the configured time zone; empty or left out: always */
                        validity?: {
                            /** @description ISO weekdays: 1 = Monday … 7 = Sunday; for a window crossing midnight, the day it starts */
                            days: number[];
                            /** @description Local time, inclusive */
                            from: string;
                            /** @description Local time, exclusive; not after `from` means the window ends the next day */
                            to: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            function: string;
                            id: string;
                            /** @enum {string} */
                            kind: "phone" | "fax" | "email";
                            label: string | null;
                            note: string | null;
                            number: string;
                            priority: number;
                            site: string;
                            updatedAt: string;
                            validity: {
                                days: number[];
                                from: string;
                                to: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/contacts/now": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who do I call now? The numbers valid at this moment (or at `at`), first to call first
         * @description Validity windows are read in the configured time zone (KASUS_TIME_ZONE), daylight saving included.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Another instant than now, e.g. 2026-11-23T14:31:00Z */
                    at?: string;
                    function?: string;
                    site?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            at: string;
                            contacts: {
                                createdAt: string;
                                function: string;
                                id: string;
                                /** @enum {string} */
                                kind: "phone" | "fax" | "email";
                                label: string | null;
                                note: string | null;
                                number: string;
                                priority: number;
                                site: string;
                                updatedAt: string;
                                validity: {
                                    days: number[];
                                    from: string;
                                    to: string;
                                }[];
                            }[];
                            local: {
                                date: string;
                                offset: string;
                                time: string;
                                weekday: number;
                            };
                            timeZone: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/continuity/in-force": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scenarios in force now, from the systems’ current statuses, most important first, each with its routines in force and their steps */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            at: string;
                            scenarios: {
                                matchedBy: {
                                    /** @enum {string} */
                                    status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                                    systemId: string;
                                    systemName: string;
                                    via: {
                                        id: string;
                                        name: string;
                                    } | null;
                                }[];
                                routines: {
                                    approvedAt: string | null;
                                    approvedBy: string | null;
                                    approvedByName: string | null;
                                    approver: string;
                                    changeNote: string;
                                    contacts: {
                                        contactId: string | null;
                                        name: string;
                                        note: string | null;
                                        phone: string | null;
                                    }[];
                                    createdAt: string;
                                    documentId: string;
                                    forms: {
                                        name: string;
                                        url: string | null;
                                    }[];
                                    ownerId: string;
                                    ownerName: string | null;
                                    reviewer: string;
                                    routineId: string;
                                    scenarioId: string;
                                    scenarioName: string | null;
                                    /** @enum {string} */
                                    state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                    steps: string[];
                                    systemIds: string[];
                                    title: string;
                                    validFrom: string;
                                    validTo: string;
                                    version: number;
                                }[];
                                scenario: {
                                    condition: {
                                        clauses: {
                                            statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                            systemId: string;
                                            viaDependencies?: boolean;
                                        }[];
                                        /** @enum {string} */
                                        match: "any" | "all";
                                    };
                                    createdAt: string;
                                    description: string | null;
                                    id: string;
                                    name: string;
                                    priority: number;
                                    updatedAt: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/copy-reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reasons offered for a print, an export or a kept original (KASUS_COPY_REASONS) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            label: string;
                            labelEn?: string;
                            labelNb?: string;
                            textRequired: boolean;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deidentified-copies/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A de-identified copy's picture or video (who may see its collection; 404 once withdrawn) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deidentify-orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An ordered de-identified copy's progress (teaching.manage in its collection's department): queued, running, done with the copy (its source as in the collection's list), or failed with the reason (the source or the consent gone meanwhile, edits ffmpeg could not apply, or every attempt failed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string;
                            copy: {
                                collectionId: string;
                                consentId: string;
                                createdAt: string;
                                createdBy: {
                                    id: string;
                                    name: string;
                                };
                                description: string | null;
                                durationMs: number | null;
                                height: number | null;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video";
                                mime: string;
                                size: number;
                                source: {
                                    caseId: string;
                                    mediaId: string;
                                } | null;
                                title: string | null;
                                width: number | null;
                            } | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            finishedAt: string | null;
                            id: string;
                            jobId: string;
                            mediaId: string;
                            requestedAt: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List departments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            hsaId: string;
                            id: string;
                            name: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a department (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hsaId: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            hsaId: string;
                            id: string;
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/departments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, deactivate or reactivate a department (admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            hsaId: string;
                            id: string;
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/downtime-forms/offline-media-note.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Paper note to go with media captured offline (A4 PDF, Swedish)
         * @description Every logged-in user. The patient identifier is printed only for those with patient.read (in the department when given); naming a patient is audited.
         */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    /** @description Kasus’s patient id (from POST /api/patients/lookup); identifiers never go in URLs */
                    patientId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/pdf */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downtime-forms/radiology-referral.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Paper radiology referral (A4 PDF, Swedish) for use while ordering is down
         * @description Every logged-in user. The patient identifier is printed only for those with patient.read (in the department when given); naming a patient is audited.
         */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    /** @description Kasus’s patient id (from POST /api/patients/lookup); identifiers never go in URLs */
                    patientId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/pdf */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/emergency-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Emergency openings of confidential cases, newest first (log operators) */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    from?: string;
                    page?: number;
                    pageSize?: number;
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                caseId: string;
                                departmentId: string;
                                expiresAt: string;
                                grantedAt: string;
                                id: string;
                                patientId: string | null;
                                reason: string;
                                user: {
                                    displayName: string | null;
                                    id: string;
                                    username: string | null;
                                };
                            }[];
                            page: number;
                            pageSize: number;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/forms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List active case forms, optionally only those shared with a department */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    /** @description Also inactive forms (form.manage) */
                    includeInactive?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            currentVersion: number;
                            departmentIds: string[];
                            description: string | null;
                            /** @description The description in nb and en; a language left out shows the Swedish description */
                            descriptionTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            /** @description Every image of its cases must show the patient identifier (M5) */
                            forensic: boolean;
                            id: string;
                            /** @description The Swedish name */
                            name: string;
                            /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                            nameTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a case form with its first version (form.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        changeNote?: string;
                        departmentIds: string[];
                        description?: string;
                        /** @description The description in nb and en; a language left out shows the Swedish description */
                        descriptionTranslations?: {
                            en?: string;
                            nb?: string;
                        };
                        /** @description The custom fields in order, each shaped like FormField (key, label {sv, nb?, en?}, type, required, help?, options? for choice types, min?/max? for number, maxLength? for text). The capture facts are added first automatically and their keys cannot be reused. */
                        fields: {
                            [key: string]: unknown;
                        }[];
                        /** @description A forensic form: every image must show the patient identifier */
                        forensic?: boolean;
                        name: string;
                        /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                        nameTranslations?: {
                            en?: string;
                            nb?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            captureFactKeys: string[];
                            createdAt: string;
                            currentVersion: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                /** @description Every field in order, the capture facts first */
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                formId: string;
                                /** @description The form version id cases refer to */
                                id: string;
                                version: number;
                            };
                            departments: {
                                id: string;
                                name: string;
                            }[];
                            description: string | null;
                            /** @description The description in nb and en; a language left out shows the Swedish description */
                            descriptionTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            /** @description Every image of its cases must show the patient identifier (M5) */
                            forensic: boolean;
                            id: string;
                            /** @description The Swedish name */
                            name: string;
                            /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                            nameTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            updatedAt: string;
                            versions: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                createdByName: string | null;
                                id: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/forms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A form with its current version, departments and version history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            captureFactKeys: string[];
                            createdAt: string;
                            currentVersion: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                /** @description Every field in order, the capture facts first */
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                formId: string;
                                /** @description The form version id cases refer to */
                                id: string;
                                version: number;
                            };
                            departments: {
                                id: string;
                                name: string;
                            }[];
                            description: string | null;
                            /** @description The description in nb and en; a language left out shows the Swedish description */
                            descriptionTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            /** @description Every image of its cases must show the patient identifier (M5) */
                            forensic: boolean;
                            id: string;
                            /** @description The Swedish name */
                            name: string;
                            /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                            nameTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            updatedAt: string;
                            versions: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                createdByName: string | null;
                                id: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** Save changed fields as a new version of the form (form.manage); 409 when nothing changed */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        changeNote: string;
                        /** @description The custom fields in order, each shaped like FormField (key, label {sv, nb?, en?}, type, required, help?, options? for choice types, min?/max? for number, maxLength? for text). The capture facts are added first automatically and their keys cannot be reused. */
                        fields: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            captureFactKeys: string[];
                            createdAt: string;
                            currentVersion: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                /** @description Every field in order, the capture facts first */
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                formId: string;
                                /** @description The form version id cases refer to */
                                id: string;
                                version: number;
                            };
                            departments: {
                                id: string;
                                name: string;
                            }[];
                            description: string | null;
                            /** @description The description in nb and en; a language left out shows the Swedish description */
                            descriptionTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            /** @description Every image of its cases must show the patient identifier (M5) */
                            forensic: boolean;
                            id: string;
                            /** @description The Swedish name */
                            name: string;
                            /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                            nameTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            updatedAt: string;
                            versions: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                createdByName: string | null;
                                id: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, describe, deactivate or share a form with departments, without a new version (form.manage) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        departmentIds?: string[];
                        description?: string | null;
                        /** @description Replaces both translations of the description; {} removes them */
                        descriptionTranslations?: {
                            en?: string;
                            nb?: string;
                        };
                        /** @description A forensic form: every image must show the patient identifier */
                        forensic?: boolean;
                        name?: string;
                        /** @description Replaces both translations of the name; {} removes them */
                        nameTranslations?: {
                            en?: string;
                            nb?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            captureFactKeys: string[];
                            createdAt: string;
                            currentVersion: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                /** @description Every field in order, the capture facts first */
                                fields: {
                                    help?: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    max?: number;
                                    maxLength?: number;
                                    min?: number;
                                    options?: {
                                        code: string;
                                        label: {
                                            en?: string;
                                            nb?: string;
                                            sv: string;
                                        };
                                    }[];
                                    required: boolean;
                                    /** @enum {string} */
                                    type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                                }[];
                                formId: string;
                                /** @description The form version id cases refer to */
                                id: string;
                                version: number;
                            };
                            departments: {
                                id: string;
                                name: string;
                            }[];
                            description: string | null;
                            /** @description The description in nb and en; a language left out shows the Swedish description */
                            descriptionTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            /** @description Every image of its cases must show the patient identifier (M5) */
                            forensic: boolean;
                            id: string;
                            /** @description The Swedish name */
                            name: string;
                            /** @description The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name */
                            nameTranslations: {
                                en?: string;
                                nb?: string;
                            };
                            updatedAt: string;
                            versions: {
                                changeNote: string | null;
                                createdAt: string;
                                createdBy: string;
                                createdByName: string | null;
                                id: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/forms/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a form, as cases written with it see it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changeNote: string | null;
                            createdAt: string;
                            createdBy: string;
                            /** @description Every field in order, the capture facts first */
                            fields: {
                                help?: {
                                    en?: string;
                                    nb?: string;
                                    sv: string;
                                };
                                key: string;
                                label: {
                                    en?: string;
                                    nb?: string;
                                    sv: string;
                                };
                                max?: number;
                                maxLength?: number;
                                min?: number;
                                options?: {
                                    code: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                }[];
                                required: boolean;
                                /** @enum {string} */
                                type: "text" | "long_text" | "number" | "date" | "yes_no" | "single_choice" | "multiple_choice";
                            }[];
                            formId: string;
                            /** @description The form version id cases refer to */
                            id: string;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and mode; open to all, used by load balancers and probes
         * @description With an S3 blob store, blobStore says whether deletes remove bytes for real: refused (with the problem) when the bucket has versioning, which a purge then waits on. Its last check; checked again in the background when older than a minute.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            blobStore?: {
                                checkedAt: string;
                                /** @enum {string} */
                                deletes: "real" | "refused";
                                problem?: string;
                            };
                            /** @enum {string} */
                            mode: "read_write" | "read_only";
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/identifiers/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate a national patient identifier */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        identifier: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            birthDate?: string;
                            error?: string;
                            normalized: string | null;
                            region?: {
                                name: string;
                                oid: string;
                            };
                            rule?: string;
                            /** @enum {string|null} */
                            type: "se_personnummer" | "se_samordningsnummer" | "se_reservnummer" | "no_fodselsnummer" | "no_d_nummer" | "no_h_nummer" | null;
                            valid: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A staged card import: its files in capture-time order, the capture sessions, identity images read, and what is wrong with the card */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            createdAt: string;
                            files: {
                                camera: string | null;
                                /** @description Read from the file before it is cleaned */
                                capturedAt: string | null;
                                filename: string;
                                id: string;
                                /** @description The patient identifier read on the image (an identity image) */
                                identifier: {
                                    formatted: string;
                                    normalized: string;
                                    samePatient: boolean;
                                    type: string;
                                } | null;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                /** @description read, pending (not needed: not the first or last image of its session) or not_run (no OCR installed) */
                                ocr: string;
                                session: number;
                                sizeBytes: number;
                            }[];
                            /** @description The case's form is forensic: every image must show the identifier */
                            forensic: boolean;
                            id: string;
                            problems: {
                                /** @enum {string} */
                                code: "multiple_sessions" | "other_patient" | "identity_series_incomplete" | "forensic_identity_missing" | "identity_not_read";
                                fileIds?: string[];
                                identifiers?: {
                                    formatted?: string;
                                    normalized: string;
                                    type: string;
                                }[];
                                missingEnd?: boolean;
                                missingStart?: boolean;
                                session?: number;
                                sessions?: number;
                            }[];
                            sessions: {
                                camera: string | null;
                                fileIds: string[];
                                firstCapturedAt: string | null;
                                identityAtEnd: boolean;
                                identityAtStart: boolean;
                                index: number;
                                lastCapturedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Discard a staged import: nothing of it is kept */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add the staged files to the case (409 import_multiple_sessions unless split; 409 import_other_patient stops the import) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Each capture session into its own new draft case for the same patient (the first into this case) */
                        split?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            added: number;
                            cases: {
                                added: number;
                                caseId: string;
                                session: number;
                            }[];
                            flags: {
                                caseId: string;
                                code: string;
                                count: number;
                            }[];
                            refused: {
                                code: string;
                                existingId?: string;
                                filename: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stage files of a card import (multipart/form-data, parts named "file"); capture time and camera are read before anything is stripped */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            files: {
                                camera: string | null;
                                /** @description Read from the file before it is cleaned */
                                capturedAt: string | null;
                                filename: string;
                                id: string;
                                /** @description The patient identifier read on the image (an identity image) */
                                identifier: {
                                    formatted: string;
                                    normalized: string;
                                    samePatient: boolean;
                                    type: string;
                                } | null;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio";
                                /** @description read, pending (not needed: not the first or last image of its session) or not_run (no OCR installed) */
                                ocr: string;
                                session: number;
                                sizeBytes: number;
                            }[];
                            refused: {
                                code: string;
                                existingId?: string;
                                filename: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Urgent incidents of the departments where the caller may report them (all with continuity.manage), newest first */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    status?: "open" | "acknowledged" | "resolved";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                department: {
                                    hsaId: string;
                                    id: string;
                                    name: string;
                                };
                                description: string;
                                id: string;
                                number: number;
                                /** @enum {string} */
                                priority: "P1" | "P2" | "P3" | "P4";
                                reportedBy: {
                                    id: string;
                                    name: string;
                                };
                                resolvedAt: string | null;
                                serviceDesk: {
                                    id: string;
                                    name: string;
                                } | null;
                                serviceDeskCaseNumber: string | null;
                                site: string | null;
                                /** @enum {string} */
                                status: "open" | "acknowledged" | "resolved";
                                system: {
                                    id: string;
                                    name: string;
                                };
                                updatedAt: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * File an urgent incident report for a criticality-1 system (incident.report in the department); it is sent to the service desk
         * @description Priority from impact × urgency: high/high P1; high/medium and medium/high P2; high/low, medium/medium and low/high P3; the rest P4.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        affectedPcs?: number | null;
                        affectedServers?: number | null;
                        affectedUsers?: number | null;
                        /** @description Competence needed */
                        competence: ("onsite_technical" | "clinical_applications" | "server_group")[];
                        contactMobile: string;
                        contactName: string;
                        departmentId: string;
                        /** @description Description of the fault */
                        description: string;
                        /**
                         * @description high: several departments or the whole hospital; medium: one department or a group; low: one user or workstation
                         * @enum {string}
                         */
                        impact: "high" | "medium" | "low";
                        /**
                         * @description The UI language; the report is worded in it (default sv)
                         * @enum {string}
                         */
                        language?: "sv" | "nb" | "en";
                        /** @description Needed when more than one service desk is registered */
                        serviceDeskId?: string;
                        /** @description Where the fault is; also picks the contacts to phone */
                        site?: string | null;
                        systemId: string;
                        /**
                         * @description high: care stopped or patient safety at risk now; medium: care hampered, routine works a while; low: can wait
                         * @enum {string}
                         */
                        urgency: "high" | "medium" | "low";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            affected: {
                                pcs: number | null;
                                servers: number | null;
                                users: number | null;
                            };
                            /** @description Who to phone next: the contacts valid now for the site and the service desk’s function */
                            callNext: {
                                at: string;
                                contacts: {
                                    createdAt: string;
                                    function: string;
                                    id: string;
                                    /** @enum {string} */
                                    kind: "phone" | "fax" | "email";
                                    label: string | null;
                                    note: string | null;
                                    number: string;
                                    priority: number;
                                    site: string;
                                    updatedAt: string;
                                    validity: {
                                        days: number[];
                                        from: string;
                                        to: string;
                                    }[];
                                }[];
                                local: {
                                    date: string;
                                    offset: string;
                                    time: string;
                                    weekday: number;
                                };
                                timeZone: string;
                            };
                            competence: ("onsite_technical" | "clinical_applications" | "server_group")[];
                            contactMobile: string;
                            contactName: string;
                            createdAt: string;
                            deliveries: {
                                attempts: number;
                                /** @enum {string} */
                                channel: "webhook" | "email";
                                id: string;
                                lastError: string | null;
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                                target: string;
                            }[];
                            department: {
                                hsaId: string;
                                id: string;
                                name: string;
                            };
                            description: string;
                            id: string;
                            /** @enum {string} */
                            impact: "high" | "medium" | "low";
                            /** @enum {string} */
                            language: "sv" | "nb" | "en";
                            /** @description The report as formatted for the service desk */
                            message: {
                                body: string;
                                subject: string;
                            };
                            number: number;
                            /** @enum {string} */
                            priority: "P1" | "P2" | "P3" | "P4";
                            reportedBy: {
                                id: string;
                                name: string;
                            };
                            resolvedAt: string | null;
                            serviceDesk: {
                                id: string;
                                name: string;
                            } | null;
                            serviceDeskCaseNumber: string | null;
                            site: string | null;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                            system: {
                                id: string;
                                name: string;
                            };
                            timeline: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "reported" | "comment" | "status" | "case_number" | "delivered" | "delivery_failed" | "not_sent";
                                message: string | null;
                                /** @enum {string|null} */
                                status: "open" | "acknowledged" | "resolved" | null;
                            }[];
                            updatedAt: string;
                            /** @enum {string} */
                            urgency: "high" | "medium" | "low";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An incident with its formatted message, deliveries, timeline and who to phone next */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            affected: {
                                pcs: number | null;
                                servers: number | null;
                                users: number | null;
                            };
                            /** @description Who to phone next: the contacts valid now for the site and the service desk’s function */
                            callNext: {
                                at: string;
                                contacts: {
                                    createdAt: string;
                                    function: string;
                                    id: string;
                                    /** @enum {string} */
                                    kind: "phone" | "fax" | "email";
                                    label: string | null;
                                    note: string | null;
                                    number: string;
                                    priority: number;
                                    site: string;
                                    updatedAt: string;
                                    validity: {
                                        days: number[];
                                        from: string;
                                        to: string;
                                    }[];
                                }[];
                                local: {
                                    date: string;
                                    offset: string;
                                    time: string;
                                    weekday: number;
                                };
                                timeZone: string;
                            };
                            competence: ("onsite_technical" | "clinical_applications" | "server_group")[];
                            contactMobile: string;
                            contactName: string;
                            createdAt: string;
                            deliveries: {
                                attempts: number;
                                /** @enum {string} */
                                channel: "webhook" | "email";
                                id: string;
                                lastError: string | null;
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                                target: string;
                            }[];
                            department: {
                                hsaId: string;
                                id: string;
                                name: string;
                            };
                            description: string;
                            id: string;
                            /** @enum {string} */
                            impact: "high" | "medium" | "low";
                            /** @enum {string} */
                            language: "sv" | "nb" | "en";
                            /** @description The report as formatted for the service desk */
                            message: {
                                body: string;
                                subject: string;
                            };
                            number: number;
                            /** @enum {string} */
                            priority: "P1" | "P2" | "P3" | "P4";
                            reportedBy: {
                                id: string;
                                name: string;
                            };
                            resolvedAt: string | null;
                            serviceDesk: {
                                id: string;
                                name: string;
                            } | null;
                            serviceDeskCaseNumber: string | null;
                            site: string | null;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                            system: {
                                id: string;
                                name: string;
                            };
                            timeline: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "reported" | "comment" | "status" | "case_number" | "delivered" | "delivery_failed" | "not_sent";
                                message: string | null;
                                /** @enum {string|null} */
                                status: "open" | "acknowledged" | "resolved" | null;
                            }[];
                            updatedAt: string;
                            /** @enum {string} */
                            urgency: "high" | "medium" | "low";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Record the service desk’s case number and/or change the status (open, acknowledged, resolved) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                        serviceDeskCaseNumber?: string | null;
                        /** @enum {string} */
                        status?: "open" | "acknowledged" | "resolved";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            affected: {
                                pcs: number | null;
                                servers: number | null;
                                users: number | null;
                            };
                            /** @description Who to phone next: the contacts valid now for the site and the service desk’s function */
                            callNext: {
                                at: string;
                                contacts: {
                                    createdAt: string;
                                    function: string;
                                    id: string;
                                    /** @enum {string} */
                                    kind: "phone" | "fax" | "email";
                                    label: string | null;
                                    note: string | null;
                                    number: string;
                                    priority: number;
                                    site: string;
                                    updatedAt: string;
                                    validity: {
                                        days: number[];
                                        from: string;
                                        to: string;
                                    }[];
                                }[];
                                local: {
                                    date: string;
                                    offset: string;
                                    time: string;
                                    weekday: number;
                                };
                                timeZone: string;
                            };
                            competence: ("onsite_technical" | "clinical_applications" | "server_group")[];
                            contactMobile: string;
                            contactName: string;
                            createdAt: string;
                            deliveries: {
                                attempts: number;
                                /** @enum {string} */
                                channel: "webhook" | "email";
                                id: string;
                                lastError: string | null;
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                                target: string;
                            }[];
                            department: {
                                hsaId: string;
                                id: string;
                                name: string;
                            };
                            description: string;
                            id: string;
                            /** @enum {string} */
                            impact: "high" | "medium" | "low";
                            /** @enum {string} */
                            language: "sv" | "nb" | "en";
                            /** @description The report as formatted for the service desk */
                            message: {
                                body: string;
                                subject: string;
                            };
                            number: number;
                            /** @enum {string} */
                            priority: "P1" | "P2" | "P3" | "P4";
                            reportedBy: {
                                id: string;
                                name: string;
                            };
                            resolvedAt: string | null;
                            serviceDesk: {
                                id: string;
                                name: string;
                            } | null;
                            serviceDeskCaseNumber: string | null;
                            site: string | null;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                            system: {
                                id: string;
                                name: string;
                            };
                            timeline: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "reported" | "comment" | "status" | "case_number" | "delivered" | "delivery_failed" | "not_sent";
                                message: string | null;
                                /** @enum {string|null} */
                                status: "open" | "acknowledged" | "resolved" | null;
                            }[];
                            updatedAt: string;
                            /** @enum {string} */
                            urgency: "high" | "medium" | "low";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/incidents/{id}/updates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add an update to the timeline, possibly with a new status */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message: string;
                        /** @enum {string} */
                        status?: "open" | "acknowledged" | "resolved";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            affected: {
                                pcs: number | null;
                                servers: number | null;
                                users: number | null;
                            };
                            /** @description Who to phone next: the contacts valid now for the site and the service desk’s function */
                            callNext: {
                                at: string;
                                contacts: {
                                    createdAt: string;
                                    function: string;
                                    id: string;
                                    /** @enum {string} */
                                    kind: "phone" | "fax" | "email";
                                    label: string | null;
                                    note: string | null;
                                    number: string;
                                    priority: number;
                                    site: string;
                                    updatedAt: string;
                                    validity: {
                                        days: number[];
                                        from: string;
                                        to: string;
                                    }[];
                                }[];
                                local: {
                                    date: string;
                                    offset: string;
                                    time: string;
                                    weekday: number;
                                };
                                timeZone: string;
                            };
                            competence: ("onsite_technical" | "clinical_applications" | "server_group")[];
                            contactMobile: string;
                            contactName: string;
                            createdAt: string;
                            deliveries: {
                                attempts: number;
                                /** @enum {string} */
                                channel: "webhook" | "email";
                                id: string;
                                lastError: string | null;
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                                target: string;
                            }[];
                            department: {
                                hsaId: string;
                                id: string;
                                name: string;
                            };
                            description: string;
                            id: string;
                            /** @enum {string} */
                            impact: "high" | "medium" | "low";
                            /** @enum {string} */
                            language: "sv" | "nb" | "en";
                            /** @description The report as formatted for the service desk */
                            message: {
                                body: string;
                                subject: string;
                            };
                            number: number;
                            /** @enum {string} */
                            priority: "P1" | "P2" | "P3" | "P4";
                            reportedBy: {
                                id: string;
                                name: string;
                            };
                            resolvedAt: string | null;
                            serviceDesk: {
                                id: string;
                                name: string;
                            } | null;
                            serviceDeskCaseNumber: string | null;
                            site: string | null;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                            system: {
                                id: string;
                                name: string;
                            };
                            timeline: {
                                at: string;
                                by: {
                                    id: string;
                                    name: string;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "reported" | "comment" | "status" | "case_number" | "delivered" | "delivery_failed" | "not_sent";
                                message: string | null;
                                /** @enum {string|null} */
                                status: "open" | "acknowledged" | "resolved" | null;
                            }[];
                            updatedAt: string;
                            /** @enum {string} */
                            urgency: "high" | "medium" | "low";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List background jobs, most recently changed first (admin) */
        get: {
            parameters: {
                query?: {
                    name?: string;
                    page?: number;
                    pageSize?: number;
                    status?: "queued" | "running" | "done" | "dead";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                createdAt: string;
                                finishedAt: string | null;
                                id: string;
                                lastError: string | null;
                                leaseUntil: string | null;
                                lockedBy: string | null;
                                maxAttempts: number;
                                name: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                runAt: string;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "dead";
                                uniqueKey: string | null;
                                updatedAt: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a dead job again, with its attempts reset (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            lastError: string | null;
                            leaseUntil: string | null;
                            lockedBy: string | null;
                            maxAttempts: number;
                            name: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            runAt: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "dead";
                            uniqueKey: string | null;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Number of jobs per status (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dead: number;
                            done: number;
                            queued: number;
                            running: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Facts about one media item */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cameraMake?: string;
                            cameraModel?: string;
                            caption: string | null;
                            capturedAt: string | null;
                            caseId: string;
                            createdAt: string;
                            derivatives: {
                                playable?: {
                                    height?: number;
                                    mime: string;
                                    width?: number;
                                };
                                poster?: {
                                    height?: number;
                                    mime: string;
                                    width?: number;
                                };
                                preview?: {
                                    height?: number;
                                    mime: string;
                                    width?: number;
                                };
                                thumbnail?: {
                                    height?: number;
                                    mime: string;
                                    width?: number;
                                };
                            };
                            durationMs?: number;
                            edit?: {
                                crop: {
                                    height: number;
                                    width: number;
                                    x: number;
                                    y: number;
                                };
                            } | {
                                trim: {
                                    endMs: number;
                                    startMs: number;
                                };
                            };
                            height?: number;
                            id: string;
                            /** @enum {string} */
                            kind: "image" | "video" | "audio";
                            mime: string | null;
                            originalFilename: string;
                            sha256: string | null;
                            sizeBytes: number | null;
                            status: string;
                            uploadedBy: string;
                            width?: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/deidentified-copies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Order a de-identified copy of a ready picture or video (M9) into a teaching collection (teaching.manage there, case.read on the source) under the patient's written consent to teaching (the one named, or any; 409 consent_required with a reason otherwise). The server applies the regions (rect or freehand polygon, in the source's pixels; blur, pixelate or black — a video only black rectangles), the crop and, for a video, the trim to the cleaned original, which is never changed. Everything is checked in the request; the copy is then made by a durable background job: the answer is 202 with the order (status queued) to poll at GET /api/deidentify-orders/{id}. title and description are refused 422 identifier_in_text when they hold a personnummer or fødselsnummer. bystanders states who else the copy still shows: consentIds, the written consents of those persons (bystanders' consents of the same patient, [] for nobody else), and unrecorded: true when someone shown has no consent recorded; left out, the picture is taken to show only the patient. A shown person without a consent covering teaching today is refused 409 consent_required, reason bystander, with bystanders: [{consentId, description, reason (scope, revoked, expired, not_yet_valid, not_found, unrecorded)}]; revoking any of those consents withdraws the copy */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bystanders?: {
                            consentIds: string[];
                            unrecorded?: boolean;
                        };
                        collectionId: string;
                        consentId?: string;
                        crop?: {
                            height: number;
                            width: number;
                            x: number;
                            y: number;
                        };
                        description?: string;
                        regions: ({
                            /** @enum {string} */
                            effect: "blur" | "pixelate" | "black";
                            height: number;
                            /** @enum {string} */
                            shape: "rect";
                            width: number;
                            x: number;
                            y: number;
                        } | {
                            /** @enum {string} */
                            effect: "blur" | "pixelate" | "black";
                            points: (number)[][];
                            /** @enum {string} */
                            shape: "freehand";
                        })[];
                        title?: string;
                        trim?: {
                            endMs: number;
                            startMs: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collectionId: string;
                            copy: {
                                collectionId: string;
                                consentId: string;
                                createdAt: string;
                                createdBy: {
                                    id: string;
                                    name: string;
                                };
                                description: string | null;
                                durationMs: number | null;
                                height: number | null;
                                id: string;
                                /** @enum {string} */
                                kind: "image" | "video";
                                mime: string;
                                size: number;
                                source: {
                                    caseId: string;
                                    mediaId: string;
                                } | null;
                                title: string | null;
                                width: number | null;
                            } | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            finishedAt: string | null;
                            id: string;
                            jobId: string;
                            mediaId: string;
                            requestedAt: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/face-suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Faces found in a picture (case.read), in its own pixels with a margin, for the de-identification editor to offer; found by @vladmandic/face-api on the server, without network */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            height: number;
                            score: number;
                            width: number;
                            x: number;
                            y: number;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The cleaned original (HTTP Range supported)
         * @description With download=1 the original is a copy to keep (M7): it asks for reasonCode (GET /api/copy-reasons; 400 reason_required without), optionally reasonText and recipient, answers as an attachment, is listed under GET /api/cases/{id}/copies and audited as media.download with the reason.
         */
        get: {
            parameters: {
                query?: {
                    download?: "0" | "1";
                    reasonCode?: string;
                    reasonText?: string;
                    recipient?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/playable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The playable (404 not_ready until made; Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/poster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The poster (404 not_ready until made; Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The preview (404 not_ready until made; Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The thumbnail (404 not_ready until made; Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notice-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where each department’s notices are sent (continuity.manage) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            departmentId: string;
                            departmentName: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "webhook" | "email";
                            target: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Send a department’s notices to a webhook (JSON POST) or an e-mail address (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        departmentId: string;
                        /** @enum {string} */
                        kind: "webhook" | "email";
                        target: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            departmentId: string;
                            departmentName: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "webhook" | "email";
                            target: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notice-subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop sending to a subscription (continuity.manage) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Outage, update and recovery notices, newest first; one per upstream outage, naming every affected dependant */
        get: {
            parameters: {
                query?: {
                    /** @description Only outages that have not ended */
                    open?: "true" | "false";
                    page?: number;
                    pageSize?: number;
                    systemId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Every system that depends on it, directly or not, nearest first */
                                affected: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description For an outage: when it ended or was taken into an upstream outage */
                                closedAt: string | null;
                                createdAt: string;
                                createdBy: string | null;
                                createdByName: string | null;
                                /** @description The departments the notice concerns */
                                departments: {
                                    id: string;
                                    name: string;
                                }[];
                                expectedEnd: string | null;
                                id: string;
                                /** @enum {string} */
                                kind: "outage" | "update" | "recovery";
                                mergedInto: string | null;
                                message: string | null;
                                /** @description For an update or recovery: the outage notice it follows */
                                outageId: string | null;
                                /** @description Orders notices; the event id in GET /api/events */
                                seq: number;
                                /** @enum {string} */
                                source: "initial" | "manual" | "probe";
                                startedAt: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                                /** @description The system whose status changed (the root of an outage) */
                                system: {
                                    id: string;
                                    name: string;
                                };
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Post a notice by hand (continuity.manage): system, departments affected, start, expected duration and reason are all required
         * @description kind outage (default), update or recovery; a recovery needs no expected duration and closes the system’s open outage notices. Published at once on GET /api/events and sent to the departments’ subscriptions.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        departmentIds?: string[];
                        expectedDurationMinutes?: number;
                        /** @enum {string} */
                        kind?: "outage" | "update" | "recovery";
                        reason?: string;
                        startedAt?: string;
                        systemId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Every system that depends on it, directly or not, nearest first */
                            affected: {
                                id: string;
                                name: string;
                            }[];
                            /** @description For an outage: when it ended or was taken into an upstream outage */
                            closedAt: string | null;
                            createdAt: string;
                            createdBy: string | null;
                            createdByName: string | null;
                            /** @description The departments the notice concerns */
                            departments: {
                                id: string;
                                name: string;
                            }[];
                            expectedEnd: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "outage" | "update" | "recovery";
                            mergedInto: string | null;
                            message: string | null;
                            /** @description For an update or recovery: the outage notice it follows */
                            outageId: string | null;
                            /** @description Orders notices; the event id in GET /api/events */
                            seq: number;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            /** @description The system whose status changed (the root of an outage) */
                            system: {
                                id: string;
                                name: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/server-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The server's signing key, minisign public-key format */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publicKey: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a snapshot for every workstation now (a background job) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sequence: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/sync/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload the workstation's access log; appended to the audit log (sync token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            action: string;
                            at: string;
                            departmentId: string | null;
                            details: {
                                [key: string]: unknown;
                            };
                            hash: string;
                            objectId: string | null;
                            objectType: string | null;
                            /** @enum {string} */
                            outcome: "success" | "refused" | "failure";
                            patientId: string | null;
                            prevHash: string;
                            seq: number;
                            userId: string | null;
                            username: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/sync/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed manifest from the sequence the workstation has (sync token) */
        get: {
            parameters: {
                query?: {
                    since?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            manifest: string;
                            signature: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/sync/parts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One age-encrypted part of a manifest (sync token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/workstations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List backup workstations and the age of their copies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                ageMinutes: number | null;
                                departmentIds: string[];
                                id: string;
                                lastSyncAt: string | null;
                                missedSync: boolean;
                                name: string;
                                revokedAt: string | null;
                                sequence: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a backup workstation (admin); answers its sync token once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        departmentIds: string[];
                        name: string;
                        publicKey: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline-copy/workstations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a backup workstation (admin); its token stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a patient by identifier */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        identifier: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confidential: boolean;
                            id: string;
                            identifier: string;
                            region?: {
                                name: string;
                                oid: string;
                            };
                            /** @enum {string} */
                            type: "se_personnummer" | "se_samordningsnummer" | "se_reservnummer" | "no_fodselsnummer" | "no_d_nummer" | "no_h_nummer";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient by Kasus’s id (the identifier as the patient card shows it; a confidential patient only during an emergency opening) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confidential: boolean;
                            id: string;
                            identifier: string;
                            region?: {
                                name: string;
                                oid: string;
                            };
                            /** @enum {string} */
                            type: "se_personnummer" | "se_samordningsnummer" | "se_reservnummer" | "no_fodselsnummer" | "no_d_nummer" | "no_h_nummer";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/confidential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a patient confidential or lift the mark, with a reason (system administrators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        confidential: boolean;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confidential: boolean;
                            id: string;
                            identifier: string;
                            region?: {
                                name: string;
                                oid: string;
                            };
                            /** @enum {string} */
                            type: "se_personnummer" | "se_samordningsnummer" | "se_reservnummer" | "no_fodselsnummer" | "no_d_nummer" | "no_h_nummer";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/confidentiality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who marked or lifted the confidentiality, when and why (system administrators) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changedAt: string;
                            changedBy: string;
                            changedByName: string | null;
                            confidential: boolean;
                            reason: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The patient's written consents (M8), the patient's own and bystanders', with their teaching copies counted */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string | null;
                            copies: {
                                active: number;
                                withdrawn: number;
                            };
                            document: {
                                mime: string;
                                name: string;
                                size: number;
                            };
                            id: string;
                            patientId: string;
                            /** @enum {string} */
                            person: "patient" | "bystander";
                            personDescription: string | null;
                            recordedAt: string;
                            recordedBy: {
                                id: string;
                                name: string;
                            };
                            revokedAt: string | null;
                            revokedOn: string | null;
                            scopes: ("teaching" | "publication" | "research")[];
                            /** @enum {string} */
                            status: "valid" | "not_yet_valid" | "expired" | "revoked";
                            validFrom: string;
                            validUntil: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Record a written consent (multipart/form-data): one part "file" (a PDF, kept as signed, or an image, cleaned as a photo), and text parts "scopes" (comma-separated teaching,publication,research), "validFrom" and optional "validUntil" (YYYY-MM-DD), "person" (patient or bystander), "personDescription" (required for a bystander) and optional "caseId". A file that is neither is refused 422 document_refused */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string | null;
                            copies: {
                                active: number;
                                withdrawn: number;
                            };
                            document: {
                                mime: string;
                                name: string;
                                size: number;
                            };
                            id: string;
                            patientId: string;
                            /** @enum {string} */
                            person: "patient" | "bystander";
                            personDescription: string | null;
                            recordedAt: string;
                            recordedBy: {
                                id: string;
                                name: string;
                            };
                            revokedAt: string | null;
                            revokedOn: string | null;
                            scopes: ("teaching" | "publication" | "research")[];
                            /** @enum {string} */
                            status: "valid" | "not_yet_valid" | "expired" | "revoked";
                            validFrom: string;
                            validUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/consents/{consentId}/document": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consent's document as stored (the PDF as signed or the cleaned image) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    consentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/consents/{consentId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a written consent from a date (not in the future): its teaching copies are withdrawn from their collections and their holders told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    consentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        revokedOn: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string | null;
                            copies: {
                                active: number;
                                withdrawn: number;
                            };
                            document: {
                                mime: string;
                                name: string;
                                size: number;
                            };
                            id: string;
                            patientId: string;
                            /** @enum {string} */
                            person: "patient" | "bystander";
                            personDescription: string | null;
                            recordedAt: string;
                            recordedBy: {
                                id: string;
                                name: string;
                            };
                            revokedAt: string | null;
                            revokedOn: string | null;
                            scopes: ("teaching" | "publication" | "research")[];
                            /** @enum {string} */
                            status: "valid" | "not_yet_valid" | "expired" | "revoked";
                            validFrom: string;
                            validUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/purge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Purge all of a patient's cases for real (right case.purge); a background job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description A retention decision: its reference and date are required
                         * @enum {string}
                         */
                        basis: "decision";
                        decisionDate: string;
                        decisionRef: string;
                    } | {
                        /**
                         * @description Removal of working material, with the kind of reason
                         * @enum {string}
                         */
                        basis: "working_material";
                        /** @enum {string} */
                        reasonKind: "duplicate" | "wrong_patient" | "test_material" | "discarded_draft";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A patient's images across the cases you may read, newest capture first
         * @description The same rights as the case list: departments where you hold case.read; a confidential patient's cases are left out (counted in hiddenConfidential) unless opened in an emergency. At most 2000 images (truncated says there were more).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cases: {
                                createdAt: string;
                                departmentId: string;
                                /** @description Short form values to filter by (choices by their labels) */
                                fields: {
                                    key: string;
                                    label: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    };
                                    values: {
                                        en?: string;
                                        nb?: string;
                                        sv: string;
                                    }[];
                                }[];
                                formName: string | null;
                                /** @description The form's name in nb and en, when the form has them */
                                formNameTranslations: {
                                    en?: string;
                                    nb?: string;
                                };
                                id: string;
                                status: string;
                                version: number;
                            }[];
                            hiddenConfidential: number;
                            images: {
                                caption: string | null;
                                capturedAt: string | null;
                                caseId: string;
                                createdAt: string;
                                height: number | null;
                                mediaId: string;
                                width: number | null;
                            }[];
                            truncated: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find a patient by identifier */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        identifier: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confidential: boolean;
                            id: string;
                            identifier: string;
                            region?: {
                                name: string;
                                oid: string;
                            };
                            /** @enum {string} */
                            type: "se_personnummer" | "se_samordningsnummer" | "se_reservnummer" | "no_fodselsnummer" | "no_d_nummer" | "no_h_nummer";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/purges/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A purge’s status and counts, by its job id */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            basis: "decision" | "working_material";
                            counts: {
                                [key: string]: number;
                            };
                            decisionDate: string | null;
                            decisionRef: string | null;
                            finishedAt: string | null;
                            jobId: string;
                            reasonKind: string | null;
                            requestedAt: string;
                            /** @enum {string} */
                            scope: "case" | "patient";
                            /** @enum {string} */
                            status: "queued" | "running" | "done";
                            targetId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Log report: the audit log by department, user, patient, action and period, or the emergency openings with their reasons
         * @description Needs audit.read (department-scoped unless global). format=json answers a page, newest first; csv (streamed, UTF-8 with BOM, formula-defused cells) and pdf hold every event oldest first (the PDF at most 5,000). One audit.report event per request.
         */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    departmentId?: string;
                    format?: "json" | "csv" | "pdf";
                    from?: string;
                    kind?: "events" | "emergency";
                    /** @description Language of the CSV and PDF headings */
                    lang?: "sv" | "nb" | "en";
                    page?: number;
                    pageSize?: number;
                    patientId?: string;
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description format=json; format=csv answers text/csv and format=pdf application/pdf */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                at: string;
                                departmentId: string | null;
                                departmentName: string | null;
                                objectId: string | null;
                                objectType: string | null;
                                outcome: string;
                                /** @description As people write it (19121212-1212) */
                                patientIdentifier: string | null;
                                /** @description The reason the event holds (an emergency opening’s, a print’s), else null */
                                reason: string | null;
                                role: string | null;
                                seq: number;
                                userDisplayName: string | null;
                                userId: string | null;
                                username: string | null;
                            }[];
                            page: number;
                            pageSize: number;
                            timeZone: string;
                            /** @description How many events match, counted up to 10,000; when totalIsLowerBound is true, more than this many match */
                            total: number;
                            /** @description true when counting stopped at total (more events match); the CSV holds every matching event */
                            totalIsLowerBound: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rights custom roles are made of */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtIn: boolean;
                            global: boolean;
                            id: string;
                            name: string;
                            rights: string[];
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a custom role (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        rights: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtIn: boolean;
                            global: boolean;
                            id: string;
                            name: string;
                            rights: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/roles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a custom role nobody holds (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a custom role or change its rights (admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        rights?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtIn: boolean;
                            global: boolean;
                            id: string;
                            name: string;
                            rights: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/routines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Downtime routines with their state (every logged-in user) */
        get: {
            parameters: {
                query?: {
                    /** @description Evaluate validity at this instant instead of now */
                    at?: string;
                    scenarioId?: string;
                    state?: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                    systemId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            documentId: string;
                            id: string;
                            latest: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            };
                            latestVersion: number;
                            /**
                             * @description expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended
                             * @enum {string}
                             */
                            state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                            updatedAt: string;
                            versionInForce: number | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a routine as a controlled document, version 1, not yet approved (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        approver: string;
                        changeNote?: string;
                        contacts?: {
                            contactId?: string | null;
                            name: string;
                            note?: string | null;
                            phone?: string | null;
                        }[];
                        /** @description e.g. RUT-PACS-001 */
                        documentId: string;
                        /** @description Forms to use, e.g. the paper referral */
                        forms?: {
                            name: string;
                            url?: string | null;
                        }[];
                        /** @description The user who owns the routine (reminded before it expires) */
                        ownerId: string;
                        reviewer: string;
                        scenarioId: string;
                        /** @description The steps, in order */
                        steps: string[];
                        systemIds?: string[];
                        title: string;
                        validFrom: string;
                        validTo: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            documentId: string;
                            id: string;
                            latest: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            };
                            latestVersion: number;
                            /**
                             * @description expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended
                             * @enum {string}
                             */
                            state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                            updatedAt: string;
                            versionInForce: number | null;
                            /** @description Every version, newest first */
                            versions: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/routines/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One routine with every version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            documentId: string;
                            id: string;
                            latest: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            };
                            latestVersion: number;
                            /**
                             * @description expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended
                             * @enum {string}
                             */
                            state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                            updatedAt: string;
                            versionInForce: number | null;
                            /** @description Every version, newest first */
                            versions: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** Make a new version of a routine with a change note (continuity.manage); earlier versions are kept, the approved one stays in force until the new one is approved */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        approver: string;
                        changeNote: string;
                        contacts?: {
                            contactId?: string | null;
                            name: string;
                            note?: string | null;
                            phone?: string | null;
                        }[];
                        /** @description Forms to use, e.g. the paper referral */
                        forms?: {
                            name: string;
                            url?: string | null;
                        }[];
                        /** @description The user who owns the routine (reminded before it expires) */
                        ownerId: string;
                        reviewer: string;
                        scenarioId: string;
                        /** @description The steps, in order */
                        steps: string[];
                        systemIds?: string[];
                        title: string;
                        validFrom: string;
                        validTo: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            documentId: string;
                            id: string;
                            latest: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            };
                            latestVersion: number;
                            /**
                             * @description expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended
                             * @enum {string}
                             */
                            state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                            updatedAt: string;
                            versionInForce: number | null;
                            /** @description Every version, newest first */
                            versions: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/routines/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the latest version of a routine (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version reviewed; refused with 409 when it is not the latest */
                        version?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            documentId: string;
                            id: string;
                            latest: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            };
                            latestVersion: number;
                            /**
                             * @description expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended
                             * @enum {string}
                             */
                            state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                            updatedAt: string;
                            versionInForce: number | null;
                            /** @description Every version, newest first */
                            versions: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                approvedByName: string | null;
                                approver: string;
                                changeNote: string;
                                contacts: {
                                    contactId: string | null;
                                    name: string;
                                    note: string | null;
                                    phone: string | null;
                                }[];
                                createdAt: string;
                                forms: {
                                    name: string;
                                    url: string | null;
                                }[];
                                ownerId: string;
                                ownerName: string | null;
                                reviewer: string;
                                scenarioId: string;
                                scenarioName: string | null;
                                /** @enum {string} */
                                state: "draft" | "scheduled" | "in_force" | "expiring" | "expired" | "superseded";
                                steps: string[];
                                systemIds: string[];
                                title: string;
                                validFrom: string;
                                validTo: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/routines/reminders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Expiry reminders of the routines the logged-in user owns, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description true: only the reminders that still need attention (no approved successor yet) */
                    open?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /**
                             * @description While open: expiring or expired now (null once no longer open)
                             * @enum {string|null}
                             */
                            currentKind: "expiring" | "expired" | null;
                            documentId: string;
                            id: string;
                            /** @enum {string} */
                            kind: "expiring" | "expired";
                            /** @description What became of the e-mail to the owner; null until it has been tried */
                            mail: {
                                at: string;
                                /**
                                 * @description sent, or why no e-mail was sent
                                 * @enum {string}
                                 */
                                outcome: "sent" | "no_longer_due" | "owner_inactive" | "no_email_address" | "no_mail_server";
                                /** @description The address it was sent to */
                                to: string | null;
                            } | null;
                            /** @description Still needs the owner’s attention: the reminded version is current and no approved successor takes over in time */
                            open: boolean;
                            ownerId: string;
                            routineId: string;
                            /** @description The reminded version’s title */
                            title: string | null;
                            validTo: string;
                            version: number;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Downtime scenarios: named conditions over the systems’ statuses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            condition: {
                                clauses: {
                                    statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                    systemId: string;
                                    viaDependencies?: boolean;
                                }[];
                                /** @enum {string} */
                                match: "any" | "all";
                            };
                            createdAt: string;
                            description: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a scenario (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A condition over the systems’ statuses: any or all of the clauses */
                        condition: {
                            clauses: {
                                statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                systemId: string;
                                /** @description Also holds when a system this one depends on (directly or not) has one of the statuses */
                                viaDependencies?: boolean;
                            }[];
                            /** @enum {string} */
                            match: "any" | "all";
                        };
                        description?: string | null;
                        name: string;
                        /** @description Higher is shown first; default 0 */
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            condition: {
                                clauses: {
                                    statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                    systemId: string;
                                    viaDependencies?: boolean;
                                }[];
                                /** @enum {string} */
                                match: "any" | "all";
                            };
                            createdAt: string;
                            description: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scenarios/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a scenario (continuity.manage) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A condition over the systems’ statuses: any or all of the clauses */
                        condition: {
                            clauses: {
                                statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                systemId: string;
                                /** @description Also holds when a system this one depends on (directly or not) has one of the statuses */
                                viaDependencies?: boolean;
                            }[];
                            /** @enum {string} */
                            match: "any" | "all";
                        };
                        description?: string | null;
                        name: string;
                        /** @description Higher is shown first; default 0 */
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            condition: {
                                clauses: {
                                    statuses: ("operational" | "degraded" | "read_only" | "down" | "maintenance")[];
                                    systemId: string;
                                    viaDependencies?: boolean;
                                }[];
                                /** @enum {string} */
                                match: "any" | "all";
                            };
                            createdAt: string;
                            description: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/service-desks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service desks that receive urgent incident reports (every logged-in user) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The contacts function phoned about its incidents */
                            contactFunction: string | null;
                            createdAt: string;
                            effectiveTemplates: {
                                en: {
                                    body: string;
                                    subject: string;
                                };
                                nb: {
                                    body: string;
                                    subject: string;
                                };
                                sv: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            email: string | null;
                            hasWebhook: boolean;
                            id: string;
                            name: string;
                            templates: {
                                en?: {
                                    body: string;
                                    subject: string;
                                };
                                nb?: {
                                    body: string;
                                    subject: string;
                                };
                                sv?: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            updatedAt: string;
                            /** @description Shown to those with continuity.manage only */
                            webhookUrl: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a service desk with its webhook and/or e-mail and its templates (continuity.manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        contactFunction?: string | null;
                        /** @description Receives each report as e-mail (needs KASUS_SMTP_URL) */
                        email?: string | null;
                        name: string;
                        /** @description Subject and body per language; a language left out uses the built-in template */
                        templates?: {
                            en?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                            nb?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                            sv?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                        };
                        /** @description Receives each report as a JSON POST */
                        webhookUrl?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The contacts function phoned about its incidents */
                            contactFunction: string | null;
                            createdAt: string;
                            effectiveTemplates: {
                                en: {
                                    body: string;
                                    subject: string;
                                };
                                nb: {
                                    body: string;
                                    subject: string;
                                };
                                sv: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            email: string | null;
                            hasWebhook: boolean;
                            id: string;
                            name: string;
                            templates: {
                                en?: {
                                    body: string;
                                    subject: string;
                                };
                                nb?: {
                                    body: string;
                                    subject: string;
                                };
                                sv?: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            updatedAt: string;
                            /** @description Shown to those with continuity.manage only */
                            webhookUrl: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/service-desks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a service desk (continuity.manage) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        contactFunction?: string | null;
                        /** @description Receives each report as e-mail (needs KASUS_SMTP_URL) */
                        email?: string | null;
                        name?: string;
                        /** @description Subject and body per language; a language left out uses the built-in template */
                        templates?: {
                            en?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                            nb?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                            sv?: {
                                body: string;
                                /** @description Placeholders: {system} {department} {departmentHsaId} {site} {description} {affectedUsers} {affectedPcs} {affectedServers} {competence} {contactName} {contactMobile} {priority} {impact} {urgency} {reportedBy} {reportedAt} {incidentNumber} {incidentId} */
                                subject: string;
                            };
                        };
                        /** @description Receives each report as a JSON POST */
                        webhookUrl?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The contacts function phoned about its incidents */
                            contactFunction: string | null;
                            createdAt: string;
                            effectiveTemplates: {
                                en: {
                                    body: string;
                                    subject: string;
                                };
                                nb: {
                                    body: string;
                                    subject: string;
                                };
                                sv: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            email: string | null;
                            hasWebhook: boolean;
                            id: string;
                            name: string;
                            templates: {
                                en?: {
                                    body: string;
                                    subject: string;
                                };
                                nb?: {
                                    body: string;
                                    subject: string;
                                };
                                sv?: {
                                    body: string;
                                    subject: string;
                                };
                            };
                            updatedAt: string;
                            /** @description Shown to those with continuity.manage only */
                            webhookUrl: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            ehrContext: boolean;
                            /**
                             * @description Why this session is read-only: ehr_launch (the EHR launched Kasus in read mode), ehr_system (the EHR is read_only in the systems registry); null: it is not
                             * @enum {string|null}
                             */
                            readOnly: "ehr_launch" | "ehr_system" | null;
                            timeZone: string;
                            user: {
                                active: boolean;
                                assignments: {
                                    departmentHsaId: string;
                                    departmentId: string;
                                    departmentName: string;
                                    global: boolean;
                                    rights: string[];
                                    roleId: string;
                                    roleName: string;
                                }[];
                                displayName: string;
                                id: string;
                                rights: string[];
                                username: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Log in with username and password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            ehrContext: boolean;
                            /**
                             * @description Why this session is read-only: ehr_launch (the EHR launched Kasus in read mode), ehr_system (the EHR is read_only in the systems registry); null: it is not
                             * @enum {string|null}
                             */
                            readOnly: "ehr_launch" | "ehr_system" | null;
                            timeZone: string;
                            user: {
                                active: boolean;
                                assignments: {
                                    departmentHsaId: string;
                                    departmentId: string;
                                    departmentName: string;
                                    global: boolean;
                                    rights: string[];
                                    roleId: string;
                                    roleName: string;
                                }[];
                                displayName: string;
                                id: string;
                                rights: string[];
                                username: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** Log out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Logged out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Statistics per department and month: cases, media, storage, prints and exports, emergency openings, written consents
         * @description Needs statistics.read (department-scoped unless global). A written consent given for a case counts in the case's department; one for the whole patient under departmentId "" (seen only with a global right). The period defaults to the last twelve months. Months are calendar months in the hospital's time zone (KASUS_TIME_ZONE). format=csv answers text/csv, one line per department and month. One statistics.report event per request.
         */
        get: {
            parameters: {
                query?: {
                    departmentId?: string;
                    format?: "json" | "csv";
                    from?: string;
                    /** @description Language of the CSV and PDF headings */
                    lang?: "sv" | "nb" | "en";
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description format=json; format=csv answers text/csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cells: {
                                cases: number;
                                /** @description Written consents recorded in the period */
                                consents: number;
                                departmentId: string;
                                departmentName: string;
                                emergencyOpenings: number;
                                media: number;
                                month: string;
                                printsExports: number;
                                /** @description Bytes of the media added in the period, originals and derivatives */
                                storageBytes: number;
                            }[];
                            departments: {
                                cases: number;
                                /** @description Written consents recorded in the period */
                                consents: number;
                                departmentId: string;
                                departmentName: string;
                                emergencyOpenings: number;
                                media: number;
                                printsExports: number;
                                /** @description Bytes of the media added in the period, originals and derivatives */
                                storageBytes: number;
                            }[];
                            from: string;
                            months: {
                                cases: number;
                                /** @description Written consents recorded in the period */
                                consents: number;
                                emergencyOpenings: number;
                                media: number;
                                month: string;
                                printsExports: number;
                                /** @description Bytes of the media added in the period, originals and derivatives */
                                storageBytes: number;
                            }[];
                            to: string;
                            totals: {
                                cases: number;
                                /** @description Written consents recorded in the period */
                                consents: number;
                                emergencyOpenings: number;
                                media: number;
                                printsExports: number;
                                /** @description Bytes of the media added in the period, originals and derivatives */
                                storageBytes: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/systems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The clinical systems with their status and what affects them (every logged-in user) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a clinical system (continuity.manage); it starts operational */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 = most critical (patient safety at once), 3 = least */
                        criticality: number;
                        /** @description The departments that use the system (its notices go to them) */
                        departmentIds?: string[];
                        /** @description Ids of the systems this one needs */
                        dependsOn?: string[];
                        description?: string | null;
                        name: string;
                        /** @description Who owns the system (förvaltare) */
                        owner?: string | null;
                        /** @description How to reach the service desk for it */
                        serviceDeskContact?: string | null;
                        vendor?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/systems/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One system with its status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a system’s details or dependencies (continuity.manage); a dependency cycle is refused */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 = most critical (patient safety at once), 3 = least */
                        criticality?: number;
                        /** @description The departments that use the system (its notices go to them) */
                        departmentIds?: string[];
                        /** @description Ids of the systems this one needs */
                        dependsOn?: string[];
                        description?: string | null;
                        name?: string;
                        /** @description Who owns the system (förvaltare) */
                        owner?: string | null;
                        /** @description How to reach the service desk for it */
                        serviceDeskContact?: string | null;
                        vendor?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/systems/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every status the system has had, newest first */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                expectedEnd: string | null;
                                id: string;
                                message: string | null;
                                /** @enum {string|null} */
                                previousStatus: "operational" | "degraded" | "read_only" | "down" | "maintenance" | null;
                                recordedAt: string;
                                setBy: string | null;
                                setByName: string | null;
                                /** @enum {string} */
                                source: "initial" | "manual" | "probe";
                                startedAt: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/systems/{id}/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Add or change the system’s health probe (continuity.manage)
         * @description http: a GET of the target URL must answer 2xx or 3xx; tcp: a connection to host:port must be accepted. After failuresBeforeDown failures in a row an operational system is set down; after successesBeforeUp successes in a row a system the probe set down is operational again. A status set by a duty officer is never changed by a probe.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description false keeps the probe configured without running it */
                        enabled?: boolean;
                        failuresBeforeDown: number;
                        intervalSeconds: number;
                        /** @enum {string} */
                        kind: "http" | "tcp";
                        successesBeforeUp: number;
                        /** @description http: a URL; tcp: host:port */
                        target: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove the system’s health probe (continuity.manage) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/systems/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a system’s status with a message to staff (continuity.manage); kept in the history, published as a notice */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Instead of expectedEnd */
                        expectedDurationMinutes?: number;
                        expectedEnd?: string | null;
                        /** @description What is happening and what staff should do; required unless operational */
                        message: string;
                        /** @description When it began; now when left out */
                        startedAt?: string;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Something this system depends on, directly or not, is not operational */
                            affected: boolean;
                            /** @description Those systems, nearest first */
                            affectedBy: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            }[];
                            createdAt: string;
                            criticality: number;
                            /** @description The departments that use the system: its notices go to them */
                            departmentIds: string[];
                            /** @description Ids of the systems this one needs */
                            dependsOn: string[];
                            description: string | null;
                            expectedEnd: string | null;
                            id: string;
                            /** @description Kasus itself: its status read_only puts Kasus in read-only mode */
                            isKasus: boolean;
                            /** @description The message to staff that came with the status */
                            message: string | null;
                            name: string;
                            owner: string | null;
                            probe: {
                                consecutiveFailures: number;
                                consecutiveSuccesses: number;
                                enabled: boolean;
                                failuresBeforeDown: number;
                                intervalSeconds: number;
                                /** @enum {string} */
                                kind: "http" | "tcp";
                                lastCheckedAt: string | null;
                                lastError: string | null;
                                lastOk: boolean | null;
                                successesBeforeUp: number;
                                target: string;
                            } | null;
                            serviceDeskContact: string | null;
                            setBy: string | null;
                            setByName: string | null;
                            /** @enum {string} */
                            source: "initial" | "manual" | "probe";
                            /** @description When the current status began */
                            startedAt: string;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "read_only" | "down" | "maintenance";
                            updatedAt: string;
                            vendor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens, revoked and expired ones included */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** @description When the token stops working; never after its parent */
                            expiresAt: string | null;
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The token this one was made with (a bearer request); null: made while logged in */
                            parentId: string | null;
                            revokedAt: string | null;
                            /**
                             * @description revoked/expired also when a token it descends from is
                             * @enum {string}
                             */
                            status: "active" | "expired" | "revoked";
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a personal API token (shown once) for Authorization: Bearer
         * @description Expires after KASUS_TOKEN_TTL_DAYS (default 90) or the shorter expiresInDays. Made with a bearer token, the new token is its child: it expires no later than its parent and stops working when the parent is revoked.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At most KASUS_TOKEN_TTL_DAYS */
                        expiresInDays?: number;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** @description When the token stops working; never after its parent */
                            expiresAt: string | null;
                            id: string;
                            name: string;
                            /** @description The token this one was made with (a bearer request); null: made while logged in */
                            parentId: string | null;
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens and every token made with it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            displayName: string;
                            /** @description Where Kasus e-mails the user (routine reminders); null when none is given */
                            email: string | null;
                            id: string;
                            locked: boolean;
                            roles: {
                                departmentId: string;
                                roleId: string;
                            }[];
                            username: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user with a role per department (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        email?: string | null;
                        password: string;
                        /** @default [] */
                        roles?: {
                            departmentId: string;
                            roleId: string;
                        }[];
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            displayName: string;
                            /** @description Where Kasus e-mails the user (routine reminders); null when none is given */
                            email: string | null;
                            id: string;
                            locked: boolean;
                            roles: {
                                departmentId: string;
                                roleId: string;
                            }[];
                            username: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user: name, e-mail address, password, active, roles (admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        displayName?: string;
                        /** @description Empty or null removes the address */
                        email?: string | null;
                        password?: string;
                        roles?: {
                            departmentId: string;
                            roleId: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            displayName: string;
                            /** @description Where Kasus e-mails the user (routine reminders); null when none is given */
                            email: string | null;
                            id: string;
                            locked: boolean;
                            roles: {
                                departmentId: string;
                                roleId: string;
                            }[];
                            username: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/users/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's API tokens, revoked and expired ones included (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** @description When the token stops working; never after its parent */
                            expiresAt: string | null;
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The token this one was made with (a bearer request); null: made while logged in */
                            parentId: string | null;
                            revokedAt: string | null;
                            /**
                             * @description revoked/expired also when a token it descends from is
                             * @enum {string}
                             */
                            status: "active" | "expired" | "revoked";
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a user's API token and every token made with it (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/AuditEvent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events (AuditEvent) for audit readers, newest first, with the rights and audit of GET /api/audit: by patient, date (ge/le) and subtype (Kasus action) */
        get: {
            parameters: {
                query?: {
                    _count?: number;
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    /** @description The page, from 1 */
                    _page?: number;
                    date?: string | string[];
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    patient?: string;
                    subtype?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's written consents (Consent), with the rights and audit of GET /api/patients/{id}/consents; each links to its document */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    patient?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/DocumentReference": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's media item as a documents (DocumentReference) in the cases the caller may read, newest first; each links to its file at GET /api/media/{id}/original */
        get: {
            parameters: {
                query?: {
                    /** @description Matches per page (default 100; audit events 50, at most 500) */
                    _count?: number;
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    /** @description The page, from 1 */
                    _page?: number;
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    patient?: string;
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    subject?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/DocumentReference/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One media item as a document (DocumentReference), with the rights of GET /api/media/{id} */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 DocumentReference (application/fhir+json) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "DocumentReference";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's media items (Media) in the cases the caller may read, newest first; each links to its file at GET /api/media/{id}/original */
        get: {
            parameters: {
                query?: {
                    /** @description Matches per page (default 100; audit events 50, at most 500) */
                    _count?: number;
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    /** @description The page, from 1 */
                    _page?: number;
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    patient?: string;
                    /** @description Patient/{id} or {id}: Kasus’s id of the patient */
                    subject?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Media/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One media item (Media), with the rights of GET /api/media/{id} */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Media (application/fhir+json) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Media";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/metadata": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** FHIR R4 CapabilityStatement: what this FHIR API serves (no sign-in needed) */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    mode?: "full";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 CapabilityStatement (application/fhir+json) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "CapabilityStatement";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search patients by identifier in the URL: only when KASUS_FHIR_IDENTIFIER_IN_URL=true; otherwise 400 (use POST /fhir/R4/Patient/_search) */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                    identifier?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient/_search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search patients by identifier (form-encoded or JSON body: identifier=system|value), so the identifier stays out of the URL. Systems: http://electronichealth.se/identifier/personnummer, urn:oid:1.2.752.129.2.1.3.1, http://electronichealth.se/identifier/samordningsnummer, urn:oid:1.2.752.129.2.1.3.3, urn:oid:2.16.578.1.12.4.1.4.1, urn:oid:2.16.578.1.12.4.1.4.2, urn:oid:2.16.578.1.12.4.1.4.3, a reservnummer region's urn:oid, or none (any) */
        post: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/fhir+json": {
                        /**
                         * @description Only JSON is served
                         * @enum {string}
                         */
                        _format?: "json" | "application/json" | "application/fhir+json";
                        identifier: string;
                    };
                    "application/json": {
                        /**
                         * @description Only JSON is served
                         * @enum {string}
                         */
                        _format?: "json" | "application/json" | "application/fhir+json";
                        identifier: string;
                    };
                    "application/x-www-form-urlencoded": {
                        /**
                         * @description Only JSON is served
                         * @enum {string}
                         */
                        _format?: "json" | "application/json" | "application/fhir+json";
                        identifier: string;
                    };
                };
            };
            responses: {
                /** @description An R4 Bundle of type searchset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Bundle";
                            /** @enum {string} */
                            type: "searchset";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient by Kasus’s id, with the rights of GET /api/patients/{id} */
        get: {
            parameters: {
                query?: {
                    /** @description Only JSON is served */
                    _format?: "json" | "application/json" | "application/fhir+json";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An R4 Patient (application/fhir+json) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            resourceType: "Patient";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issue: ({
                                code: string;
                                diagnostics: string;
                                severity: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @enum {string} */
                            resourceType: "OperationOutcome";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/launch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Kasus from an EHR with a SMART App Launch (EHR launch): iss is the EHR's FHIR base URL, launch its launch id
         * @description A configured EHR (KASUS_SMART_CLIENTS): 302 to its authorization endpoint (authorization code with PKCE, state and nonce), with a signed cookie holding the launch until /launch/callback. Unknown iss, an EHR that cannot be reached: 403 ehr_launch_refused, as an HTML page for browsers.
         */
        get: {
            parameters: {
                query: {
                    iss: string;
                    launch: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the EHR's authorization endpoint */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/launch/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the EHR's authorization server sends the browser back in a SMART launch (code and state, or error)
         * @description On success: 303 to the patient's cases with a session cookie marked with the EHR context. Refused (no launch started in this browser, state mismatch, the EHR's error, a token or FHIR read that fails, a patient without a valid national identifier, an unknown user or department): 403 ehr_launch_refused, as an HTML page for browsers; a user without the right to read patients there: 403 forbidden.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    error?: string;
                    error_description?: string;
                    iss?: string;
                    state?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the patient's cases */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/launch/signed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Kasus from an EHR with a signed launch token (JWT with patient, user, department, iat, exp, jti; optional mode "read")
         * @description On success: 303 to the patient's cases with a session cookie marked with the EHR context. Refused (expired, replayed, unsigned, wrongly signed, unknown issuer, user or department, invalid identifier): 403 ehr_launch_refused, as an HTML page for browsers.
         */
        get: {
            parameters: {
                query: {
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the patient's cases */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
